#pragma once

#include <chrono>

namespace camstream::camera {

// Monotonic time for the stream state machine. An interface rather than
// std::chrono::steady_clock so the tests can step time by hand (a backoff of
// five seconds takes no five seconds to test) and the firmware can use
// esp_timer_get_time() if it prefers.
class Clock {
public:
    using Duration = std::chrono::microseconds;
    // Clock is only the tag of the time point: points of different clocks do
    // not mix by accident with std::chrono::steady_clock's.
    using TimePoint = std::chrono::time_point<Clock, Duration>;

    virtual ~Clock() = default;

    // Never goes backwards; the epoch is arbitrary (boot, process start).
    virtual TimePoint now() const = 0;
};

}  // namespace camstream::camera
