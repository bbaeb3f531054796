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
};

}  // namespace camstream::stream
