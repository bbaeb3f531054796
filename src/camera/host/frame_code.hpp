#pragma once

#include <cstdint>
#include <optional>

#include "camera/host/rgb_image.hpp"

namespace camstream::camera {

// A frame number drawn as a row of black and white blocks along the bottom of the picture,
// so a program can read back which frame a screen shows, after JPEG, H.264 and scaling.
//
// The row holds kBlocks square blocks of block_size(width) pixels, from the left edge:
//   block 0 white, block 1 black (the two levels the reader compares against),
//   24 blocks: the frame number modulo 2^24, most significant bit first (white = 1),
//   8 blocks: CRC-8 (polynomial 0x07, initial 0) of the number's three bytes, big-endian.
// Blocks are 16 px where the width allows (one H.264 macroblock; flat blocks survive coarse
// quantisation, and 4:2:0 chroma does not matter for pure black and white). A reader in
// JavaScript (tests/browser/frame_code.mjs) follows this same layout.
class FrameCode {
public:
    static constexpr int kBlocks = 2 + 24 + 8;
    static constexpr int kMaxBlockSize = 16;
    static constexpr std::uint32_t kModulus = 1u << 24;

    // 16, or less for a picture narrower than 34 * 16 px; 0 if it cannot hold a code
    // (blocks under 2 px would not survive chroma subsampling and scaling).
    static int block_size(int width, int height);

    // Draws the code for `frame_number` over the bottom row of `image`; does nothing if the
    // picture is too small to hold one.
    static void draw(std::uint64_t frame_number, RgbImage& image);

    // The frame number (modulo 2^24) the picture carries, or nothing if it has no readable
    // code (too little contrast between the reference blocks, or a wrong check).
    static std::optional<std::uint32_t> read(const RgbImage& image);

    static std::uint8_t crc8(std::uint32_t number);
};

}  // namespace camstream::camera
