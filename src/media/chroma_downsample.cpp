#include "media/chroma_downsample.hpp"

namespace camstream::media {

// A plain box filter rather than libswscale: a JFIF chroma sample sits at the centre of the
// luma pixels it covers, and so does the mean of the two (or four) samples that make up one
// 4:2:0 sample, so averaging keeps the siting exactly; swscale would also copy the luma plane
// and would need a context rebuilt per size. Where a direction is already at half resolution
// the sample is taken as is, and 4:1:1's quarter-width columns are each used twice.
void downsample_to_420(const std::uint8_t* src, const ChromaLayout& layout, std::uint8_t* dst,
                       int dst_stride, int dst_width, int dst_height) {
    for (int y = 0; y < dst_height; ++y) {
        const std::uint8_t* row0 = src + (layout.y_factor == 1 ? 2 * y : y) * layout.stride;
        const std::uint8_t* row1 = layout.y_factor == 1 ? row0 + layout.stride : row0;
        std::uint8_t* out = dst + y * dst_stride;
        switch (layout.x_factor) {
            case 1:
                for (int x = 0; x < dst_width; ++x) {
                    const int sum = row0[2 * x] + row0[2 * x + 1] + row1[2 * x] + row1[2 * x + 1];
                    out[x] = static_cast<std::uint8_t>((sum + 2) >> 2);
                }
                break;
            case 2:
                for (int x = 0; x < dst_width; ++x) {
                    out[x] = static_cast<std::uint8_t>((row0[x] + row1[x] + 1) >> 1);
                }
                break;
            default:  // 4
                for (int x = 0; x < dst_width; ++x) {
                    out[x] = static_cast<std::uint8_t>((row0[x / 2] + row1[x / 2] + 1) >> 1);
                }
                break;
        }
    }
}

}  // namespace camstream::media
