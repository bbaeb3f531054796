#include "camera/host/mock_frame_source.hpp"

#include <chrono>
#include <utility>

namespace camstream::camera {

MockFrameSource::MockFrameSource(Options options)
    : options_{std::move(options)},
      pattern_{options_.width, options_.height, options_.label, options_.frame_code},
      encoder_{options_.quality, options_.subsampling} {}

Status MockFrameSource::capture(std::vector<std::uint8_t>& jpeg) {
    const double fps = options_.fps > 0 ? options_.fps : 25.0;
    const std::uint64_t frame = next_frame_++;
    pattern_.draw(static_cast<double>(frame) / fps, frame, std::chrono::system_clock::now(), rgb_);
    Status encoded = encoder_.encode(rgb_, jpeg);
    if (encoded.ok() && options_.on_captured) options_.on_captured(frame);
    return encoded;
}

}  // namespace camstream::camera
