#pragma once

// Decoding helpers for the tests: libturbojpeg reads back what JpegEncoder wrote.

#include <turbojpeg.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace camstream::camera::testing {

struct JpegInfo {
    int width = 0;
    int height = 0;
    int subsampling = -1;  // TJSAMP_*
};

inline std::optional<JpegInfo> read_jpeg_header(const std::vector<std::uint8_t>& jpeg) {
    tjhandle h = tjInitDecompress();
    JpegInfo info;
    int colorspace = 0;
    const int rc = tjDecompressHeader3(h, jpeg.data(), jpeg.size(), &info.width, &info.height,
                                       &info.subsampling, &colorspace);
    tjDestroy(h);
    if (rc != 0) return std::nullopt;
    return info;
}

inline std::vector<std::uint8_t> decode_rgb(const std::vector<std::uint8_t>& jpeg) {
    const auto info = read_jpeg_header(jpeg);
    if (!info) return {};
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(info->width) * info->height * 3);
    tjhandle h = tjInitDecompress();
    const int rc = tjDecompress2(h, jpeg.data(), jpeg.size(), rgb.data(), info->width, 0,
                                 info->height, TJPF_RGB, 0);
    tjDestroy(h);
    if (rc != 0) return {};
    return rgb;
}

// A complete JPEG starts with SOI (FF D8) and ends with EOI (FF D9).
inline bool has_jpeg_markers(const std::vector<std::uint8_t>& jpeg) {
    return jpeg.size() >= 4 && jpeg[0] == 0xFF && jpeg[1] == 0xD8 &&
           jpeg[jpeg.size() - 2] == 0xFF && jpeg[jpeg.size() - 1] == 0xD9;
}

// Pixels whose channels differ by more than `tolerance` (JPEG noise) somewhere.
inline std::size_t count_differing_pixels(const std::vector<std::uint8_t>& a,
                                          const std::vector<std::uint8_t>& b, int tolerance = 24) {
    std::size_t n = 0;
    for (std::size_t i = 0; i + 2 < a.size() && i + 2 < b.size(); i += 3) {
        for (int c = 0; c < 3; ++c) {
            const int d = int(a[i + c]) - int(b[i + c]);
            if (d > tolerance || d < -tolerance) {
                ++n;
                break;
            }
        }
    }
    return n;
}

}  // namespace camstream::camera::testing
