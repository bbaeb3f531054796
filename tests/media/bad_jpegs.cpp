#include "bad_jpegs.hpp"

namespace camstream::media::test {

std::size_t entropy_start(const Bytes& jpeg) {
    for (std::size_t i = 2; i + 3 < jpeg.size(); ++i) {
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xDA) {
            return i + 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
        }
    }
    return 0;
}

std::size_t sof_offset(const Bytes& jpeg) {
    for (std::size_t i = 2; i + 1 < jpeg.size(); ++i) {
        if (jpeg[i] == 0xFF && (jpeg[i + 1] == 0xC0 || jpeg[i + 1] == 0xC2)) return i;
    }
    return 0;
}

Bytes random_bytes(std::size_t n, std::uint32_t seed) {
    Bytes out(n);
    for (auto& b : out) {
        seed = seed * 1664525u + 1013904223u;
        b = static_cast<std::uint8_t>(seed >> 24);
    }
    return out;
}

Bytes png_signature() {
    Bytes png{0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    png.resize(200, 0);
    return png;
}

Bytes corrupt_middle(const Bytes& good) {
    Bytes bad = good;
    const std::size_t start = entropy_start(good);
    const std::size_t at = start + (good.size() - 2 - start) / 2;
    for (std::size_t i = 0; i < 64; ++i) bad[at + i] = static_cast<std::uint8_t>(0xFF - (i % 4));
    return bad;
}

Bytes truncated_half(const Bytes& good) {
    return Bytes(good.begin(), good.begin() + static_cast<long>(good.size() / 2));
}

Bytes soi_eoi_only() {
    return Bytes{0xFF, 0xD8, 0xFF, 0xD9};
}

Bytes claims_65535x65535(const Bytes& good) {
    Bytes b = good;
    const std::size_t sof = sof_offset(good);
    // SOFn: marker(2), length(2), precision(1), height(2), width(2).
    b[sof + 5] = b[sof + 6] = b[sof + 7] = b[sof + 8] = 0xFF;
    return b;
}

}  // namespace camstream::media::test
