#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "camera/core/status.hpp"
#include "camera/host/rgb_image.hpp"

namespace camstream::camera {

// Chroma subsampling of the JPEG. 4:2:0 is what the ESP32 camera sensors
// produce and what the server's H.264 path wants, so it is the default; 4:2:2
// and 4:4:4 exist to exercise the server's decoder with other layouts.
enum class ChromaSubsampling { k420, k422, k444 };

// "420", "422", "444" (also "4:2:0" etc.).
std::optional<ChromaSubsampling> parse_chroma_subsampling(std::string_view text);

// Linux only (the device encodes with esp32-camera's frame2jpg or esp_new_jpeg).
// RGB -> baseline JPEG with libturbojpeg. Keeps one compressor handle for its
// lifetime; not thread-safe (one per thread).
class JpegEncoder {
public:
    // quality is clamped to 1..100.
    explicit JpegEncoder(int quality = 80, ChromaSubsampling subsampling = ChromaSubsampling::k420);
    ~JpegEncoder();
    JpegEncoder(const JpegEncoder&) = delete;
    JpegEncoder& operator=(const JpegEncoder&) = delete;

    // Replaces `jpeg` with the encoded image (reusing its capacity).
    Status encode(const RgbImage& image, std::vector<std::uint8_t>& jpeg);

private:
    void* handle_ = nullptr;  // tjhandle; void* keeps turbojpeg.h out of this header
    int quality_;
    ChromaSubsampling subsampling_;
};

}  // namespace camstream::camera
