#include "camera/host/mock_frame_source.hpp"

#include <chrono>
#include <utility>

namespace camstream::camera {

MockFrameSource::MockFrameSource(Options options)
    : options_{std::move(options)},
      pattern_{options_.width, options_.height, options_.label},
      encoder_{options_.quality, options_.subsampling} {}

Status MockFrameSource::capture(std::vector<std::uint8_t>& jpeg) {
    const double fps = options_.fps > 0 ? options_.fps : 25.0;
    pattern_.draw(static_cast<double>(next_frame_) / fps, next_frame_,
                  std::chrono::system_clock::now(), rgb_);
    ++next_frame_;
    return encoder_.encode(rgb_, jpeg);
}

}  // namespace camstream::camera
