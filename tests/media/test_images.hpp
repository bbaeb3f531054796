#pragma once
// Synthetic pictures and JPEGs for the media tests, made with libturbojpeg so no files are needed.
#include <cstdint>
#include <vector>

#include "media/picture.hpp"

namespace camstream::media::test {

// Where the test image's features are, so decoded pixels can be checked.
inline constexpr int kBlockX = 64, kBlockY = 64, kBlockSize = 128;  // pure red
inline constexpr int kGrayX = 256, kGrayY = 64;                     // RGB (200,200,200)

struct Rgb {
    std::uint8_t r, g, b;
};

// A horizontal red / vertical green gradient with a red block and a light gray block.
std::vector<std::uint8_t> make_rgb(int width, int height);
Rgb rgb_at(int width, int height, int x, int y);

// Full-range BT.601 (JFIF) luma and chroma of an RGB colour.
int luma_of(Rgb c);
int cb_of(Rgb c);
int cr_of(Rgb c);

// tjCompress2 of make_rgb(); subsamp is a TJSAMP_* value, flags TJFLAG_*.
std::vector<std::uint8_t> make_jpeg(int width, int height, int subsamp, int quality = 90,
                                    int flags = 0);

// An I420 picture with a pattern that moves with `frame`: a diagonal gradient and a white square.
Picture make_moving_picture(int width, int height, int frame);

}  // namespace camstream::media::test
