#pragma once
#include <chrono>
#include <cstddef>

namespace camstream::hls {

struct HlsSettings {
    std::chrono::milliseconds segment_target{1000};  // segments start at a keyframe near this
    std::chrono::milliseconds part_target{200};      // LL-HLS partial segments
    std::size_t window_segments = 6;                 // complete segments kept and listed
};

}  // namespace camstream::hls
