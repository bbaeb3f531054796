#pragma once

#include "camera/core/clock.hpp"

namespace camstream::camera::testing {

// Time that moves only when a test (or a fake transport) says so.
class FakeClock final : public Clock {
public:
    TimePoint now() const override { return now_; }
    void advance(Duration d) { now_ += d; }

private:
    TimePoint now_{std::chrono::seconds(1000)};
};

}  // namespace camstream::camera::testing
