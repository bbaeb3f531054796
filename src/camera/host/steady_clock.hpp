#pragma once

#include <chrono>

#include "camera/core/clock.hpp"

namespace camstream::camera {

// The real Clock: std::chrono::steady_clock, which ESP-IDF's newlib also
// provides (CLOCK_MONOTONIC), so both platforms can use it.
class SteadyClock final : public Clock {
public:
    TimePoint now() const override {
        const auto since_epoch = std::chrono::steady_clock::now().time_since_epoch();
        return TimePoint{std::chrono::duration_cast<Duration>(since_epoch)};
    }
};

}  // namespace camstream::camera
