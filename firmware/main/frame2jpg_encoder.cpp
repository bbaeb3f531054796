#include "frame2jpg_encoder.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include "img_converters.h"

namespace camstream::firmware {
namespace {

// jpg_out_cb: called with each chunk of encoded bytes (and once with no data
// at the end); returns how many bytes it took.
size_t append_chunk(void* arg, size_t /*index*/, const void* data, size_t len) {
    if (data == nullptr || len == 0) return 0;
    auto& jpeg = *static_cast<std::vector<std::uint8_t>*>(arg);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    jpeg.insert(jpeg.end(), bytes, bytes + len);
    return len;
}

// Reserved once per buffer before its first frame. Above
// CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL (16 KiB, sdkconfig.defaults) malloc()
// takes PSRAM, so the buffers stay out of the internal RAM WiFi and the
// WebSocket client need; grown from 512-byte chunks instead, a vector would
// double through internal RAM up to the JPEG's size. A QVGA JPEG is 8-15 KiB,
// a VGA one up to ~60 KiB (then doubling once more, in PSRAM as well).
constexpr std::size_t kJpegCapacity = 32 * 1024;

}  // namespace

camera::Status Frame2JpgEncoder::encode(camera_fb_t& frame, int quality,
                                        std::vector<std::uint8_t>& jpeg) {
    jpeg.clear();
    if (jpeg.capacity() < kJpegCapacity) jpeg.reserve(kJpegCapacity);
    const auto q = static_cast<std::uint8_t>(std::clamp(quality, 1, 100));
    if (!frame2jpg_cb(&frame, q, append_chunk, &jpeg) || jpeg.empty())
        return camera::Status::failure("frame2jpg failed on a " + std::to_string(frame.width) +
                                       "x" + std::to_string(frame.height) + " frame");
    return camera::Status::success();
}

}  // namespace camstream::firmware
