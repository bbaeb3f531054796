#include "frame2jpg_encoder.hpp"

#include <algorithm>
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

}  // namespace

camera::Status Frame2JpgEncoder::encode(camera_fb_t& frame, int quality,
                                        std::vector<std::uint8_t>& jpeg) {
    jpeg.clear();
    const auto q = static_cast<std::uint8_t>(std::clamp(quality, 1, 100));
    if (!frame2jpg_cb(&frame, q, append_chunk, &jpeg) || jpeg.empty())
        return camera::Status::failure("frame2jpg failed on a " + std::to_string(frame.width) +
                                       "x" + std::to_string(frame.height) + " frame");
    return camera::Status::success();
}

}  // namespace camstream::firmware
