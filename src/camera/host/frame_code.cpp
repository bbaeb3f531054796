#include "camera/host/frame_code.hpp"

#include <algorithm>
#include <array>

namespace camstream::camera {
namespace {

constexpr int kNumberBits = 24;
constexpr int kCheckBits = 8;

// The bits of the whole row, block by block: references, number, check.
std::array<bool, FrameCode::kBlocks> row_bits(std::uint32_t number) {
    std::array<bool, FrameCode::kBlocks> bits{};
    bits[0] = true;
    bits[1] = false;
    for (int i = 0; i < kNumberBits; ++i) bits[2 + i] = (number >> (kNumberBits - 1 - i)) & 1u;
    const std::uint8_t check = FrameCode::crc8(number);
    for (int i = 0; i < kCheckBits; ++i)
        bits[2 + kNumberBits + i] = (check >> (kCheckBits - 1 - i)) & 1u;
    return bits;
}

// Mean luma of the middle half of block `index` (its edges blur into the neighbours).
int block_luma(const RgbImage& image, int size, int index) {
    const int x0 = index * size + size / 4, x1 = index * size + size - size / 4;
    const int y0 = image.height - size + size / 4, y1 = image.height - size / 4;
    long sum = 0;
    long count = 0;
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const std::uint8_t* p = image.at(x, y);
            sum += 2 * p[0] + 5 * p[1] + p[2];  // luma with integer weights (sum 8)
            ++count;
        }
    return count ? static_cast<int>(sum / (8 * count)) : 0;
}

}  // namespace

int FrameCode::block_size(int width, int height) {
    const int size = std::min({kMaxBlockSize, width / kBlocks, height});
    return size >= 2 ? size : 0;
}

std::uint8_t FrameCode::crc8(std::uint32_t number) {
    std::uint8_t crc = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
        crc ^= static_cast<std::uint8_t>(number >> shift);
        for (int bit = 0; bit < 8; ++bit)
            crc = static_cast<std::uint8_t>((crc & 0x80) ? (crc << 1) ^ 0x07 : crc << 1);
    }
    return crc;
}

void FrameCode::draw(std::uint64_t frame_number, RgbImage& image) {
    const int size = block_size(image.width, image.height);
    if (size == 0) return;
    const auto bits = row_bits(static_cast<std::uint32_t>(frame_number % kModulus));
    for (int b = 0; b < kBlocks; ++b) {
        const std::uint8_t level = bits[b] ? 255 : 0;
        for (int y = image.height - size; y < image.height; ++y) {
            std::uint8_t* p = image.at(b * size, y);
            std::fill(p, p + 3 * size, level);
        }
    }
}

std::optional<std::uint32_t> FrameCode::read(const RgbImage& image) {
    const int size = block_size(image.width, image.height);
    if (size == 0) return std::nullopt;
    const int white = block_luma(image, size, 0);
    const int black = block_luma(image, size, 1);
    // Real black and white come out far apart; a picture without a code rarely does, and the
    // check catches the rest.
    if (white - black < 96) return std::nullopt;
    const int threshold = (white + black) / 2;
    std::uint32_t number = 0;
    for (int i = 0; i < kNumberBits; ++i)
        number = (number << 1) | (block_luma(image, size, 2 + i) > threshold ? 1u : 0u);
    std::uint32_t check = 0;
    for (int i = 0; i < kCheckBits; ++i)
        check = (check << 1) | (block_luma(image, size, 2 + kNumberBits + i) > threshold ? 1u : 0u);
    if (check != crc8(number)) return std::nullopt;
    return number;
}

}  // namespace camstream::camera
