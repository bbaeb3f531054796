#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace camstream::camera {

// A packed 8-bit RGB picture, rows top to bottom, no padding: the layout
// tjCompress2 takes as TJPF_RGB with pitch 0.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // width * height * 3

    RgbImage() = default;
    RgbImage(int w, int h) : width{w}, height{h}, pixels(static_cast<std::size_t>(w) * h * 3) {}

    std::uint8_t* at(int x, int y) {
        return pixels.data() + (static_cast<std::size_t>(y) * width + x) * 3;
    }
    const std::uint8_t* at(int x, int y) const {
        return pixels.data() + (static_cast<std::size_t>(y) * width + x) * 3;
    }
};

}  // namespace camstream::camera
