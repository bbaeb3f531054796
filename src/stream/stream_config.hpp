#pragma once
#include <chrono>

#include "media/h264_encoder.hpp"
#include "media/jpeg_decoder.hpp"

namespace camstream::stream {

struct StreamConfig {
    media::JpegDecoderLimits limits;
    media::H264EncoderSettings encoder;
    std::chrono::steady_clock::duration keyframe_interval = std::chrono::seconds(2);
    // The encoder runs while some consumer wants H.264, and this long after the last one left
    // (a page reloading finds it still warm); then it is released and frames are only
    // checked and passed on as JPEGs.
    std::chrono::steady_clock::duration encoder_linger = std::chrono::seconds(10);
    // Frame rates a camera is asked for: nobody consuming / someone consuming. 0: never ask.
    double idle_fps = 1;
    double watched_fps = 30;
    // A new picture size restarts the H.264 stream of every consumer. A camera may change
    // size once per this interval (or whenever it reconnects); a frame changing it again
    // sooner is refused ("size_changed_too_soon"), so a camera flipping sizes costs its own
    // frames, not every viewer a new stream per frame.
    std::chrono::steady_clock::duration min_size_change_interval = std::chrono::seconds(2);
    // Media-thread time (decode + encode) a camera may use per second; over it, its frames are
    // refused ("over_media_budget") until it is back under. Zero: a fair share, the pool's
    // threads divided by the cameras connected now.
    std::chrono::milliseconds media_budget{0};
    std::size_t media_threads = 1;  // threads of the media pool, for the fair share
};

}  // namespace camstream::stream
