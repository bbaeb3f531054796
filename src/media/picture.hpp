#pragma once
// A decoded picture in planar YUV 4:2:0, full range (JPEG's range), even width and height.
// The pixel bytes live in `storage`; the plane pointers may point into it with strides wider
// than the width (an odd-sized JPEG is cropped to even by narrowing, not by copying).
#include <cstdint>
#include <vector>

namespace camstream::media {

struct Picture {
    int width = 0;                                                // always even
    int height = 0;                                               // always even
    const std::uint8_t* planes[3] = {nullptr, nullptr, nullptr};  // Y, U (Cb), V (Cr)
    int strides[3] = {0, 0, 0};
    std::vector<std::uint8_t> storage;
};

}  // namespace camstream::media
