#pragma once
// Synthetic frames for the segmenter: each fragment's bytes are its frame's index, so a test
// can tell which frames a part or segment holds. A keyframe comes when the segmenter asks for
// one (on the next frame, as the encoder does) and every `keyframe_every` frames.
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "hls/segmenter.hpp"

namespace camstream::hls::test {

inline std::shared_ptr<const stream::StreamFormat> make_format(std::uint64_t generation,
                                                               int width = 640, int height = 480) {
    auto format = std::make_shared<stream::StreamFormat>();
    format->generation = generation;
    format->codec = "avc1.42c01e";
    format->width = width;
    format->height = height;
    format->init_segment =
        media::share(media::Bytes{'i', 'n', 'i', 't', static_cast<std::uint8_t>(generation)});
    return format;
}

inline int frame_index(const media::SharedBytes& fragment) {
    int index = 0;
    std::memcpy(&index, fragment->data(), sizeof index);
    return index;
}

struct FrameFeed {
    explicit FrameFeed(Segmenter& s, std::int64_t interval_ticks = 3600)
        : segmenter(s), interval(interval_ticks) {}

    // Sends the next frame; returns whether the segmenter asked for a keyframe.
    bool next() {
        const bool key = force_next_key || (keyframe_every > 0 && index % keyframe_every == 0) ||
                         (honor_requests && requested);
        force_next_key = false;
        return send(key);
    }
    bool send(bool key) {
        stream::Frame frame;
        media::Bytes bytes(sizeof index);
        std::memcpy(bytes.data(), &index, sizeof index);
        frame.fragment = media::share(std::move(bytes));
        frame.keyframe = key;
        frame.pts = pts;
        frame.duration = interval;
        frame.arrival_wall =
            wall_start + std::chrono::microseconds(pts * 1000000 / kTicksPerSecond);
        keyframes.push_back(key);
        requested = segmenter.on_frame(frame);
        requests.push_back(requested);
        ++index;
        pts += interval;
        return requested;
    }
    void run(int frames) {
        for (int i = 0; i < frames; ++i) next();
    }

    Segmenter& segmenter;
    std::int64_t interval;
    int index = 0;
    std::int64_t pts = 0;
    int keyframe_every = 0;  // 0: only when asked (and the first frame)
    bool honor_requests = true;
    bool force_next_key = true;
    bool requested = false;
    std::vector<bool> keyframes;  // by frame index
    std::vector<bool> requests;   // by frame index
    std::chrono::system_clock::time_point wall_start =
        std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
};

}  // namespace camstream::hls::test
