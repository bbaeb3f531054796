#pragma once

#include <cstdint>
#include <vector>

#include "camera/core/frame_source.hpp"

namespace camstream::camera::testing {

// Hands out small fake "JPEGs" numbered 0, 1, 2..., all the same size; the
// first `fail_first` captures fail.
class CountingSource final : public FrameSource {
public:
    Status capture(std::vector<std::uint8_t>& jpeg) override {
        if (fail_first > 0) {
            --fail_first;
            ++failures;
            return Status::failure("sensor timeout (fake)");
        }
        jpeg.assign({0xFF, 0xD8, static_cast<std::uint8_t>(count++), 0xFF, 0xD9});
        return Status::success();
    }
    int count = 0;
    int fail_first = 0;
    int failures = 0;
};

}  // namespace camstream::camera::testing
