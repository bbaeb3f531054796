#pragma once
// Reduces one JPEG chroma plane of any subsampling to 4:2:0. Internal to the media module.
#include <cstdint>

namespace camstream::media {

struct ChromaLayout {
    int stride = 0;  // bytes per row
    int rows = 0;
    int x_factor = 1;  // luma columns per chroma column: 1 (4:4:4, 4:4:0), 2 (4:2:2), 4 (4:1:1)
    int y_factor = 1;  // luma rows per chroma row: 1 or 2 (4:2:0, 4:4:0)
};

// Writes dst_width x dst_height samples, each covering a 2x2 block of luma, into dst.
void downsample_to_420(const std::uint8_t* src, const ChromaLayout& layout, std::uint8_t* dst,
                       int dst_stride, int dst_width, int dst_height);

}  // namespace camstream::media
