#pragma once
// The JPEGs every benchmark sends: mock-camera's picture (TestPattern, JpegEncoder), 640x480,
// quality 80, 4:2:0. The overlay clock starts at a fixed time, so every run sends the same
// bytes.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "camera/host/jpeg_encoder.hpp"
#include "camera/host/rgb_image.hpp"
#include "camera/host/test_pattern.hpp"

namespace camstream::bench {

// `count` frames of a camera at `fps`. noisy: per-pixel sensor-like noise that changes every
// frame (uniform +-12 levels per channel), as a cheap camera in indoor light looks; it makes
// the JPEGs larger and the encoder's work harder. Throws if a JPEG cannot be encoded.
inline std::vector<std::vector<std::uint8_t>> test_jpegs(std::size_t count, double fps,
                                                         bool noisy = false) {
    const camstream::camera::TestPattern pattern(640, 480, "BENCH");
    camstream::camera::JpegEncoder encoder(80, camstream::camera::ChromaSubsampling::k420);
    camstream::camera::RgbImage rgb;
    std::minstd_rand random(12345);
    const auto clock0 = std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 365 * 55);
    std::vector<std::vector<std::uint8_t>> jpegs(count);
    for (std::size_t k = 0; k < jpegs.size(); ++k) {
        const double seconds = static_cast<double>(k) / fps;
        pattern.draw(seconds, k,
                     clock0 + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                  std::chrono::duration<double>(seconds)),
                     rgb);
        if (noisy) {
            for (auto& p : rgb.pixels) {
                const int v = static_cast<int>(p) + static_cast<int>(random() % 25) - 12;
                p = static_cast<std::uint8_t>(std::clamp(v, 0, 255));
            }
        }
        if (auto st = encoder.encode(rgb, jpegs[k]); !st.ok())
            throw std::runtime_error("JPEG encode failed: " + st.message());
    }
    return jpegs;
}

// Their mean size in KiB.
inline double mean_kib(const std::vector<std::vector<std::uint8_t>>& jpegs) {
    double sum = 0;
    for (const auto& j : jpegs) sum += static_cast<double>(j.size());
    return sum / static_cast<double>(jpegs.size()) / 1024.0;
}

}  // namespace camstream::bench
