#pragma once

#include "camera/core/clock.hpp"
#include "esp_timer.h"

namespace camstream::firmware {

// The core's monotonic Clock from esp_timer: microseconds since boot, the
// same unit as Clock::Duration, and never adjusted by SNTP.
class EspTimerClock final : public camera::Clock {
public:
    TimePoint now() const override { return TimePoint{Duration{esp_timer_get_time()}}; }
};

}  // namespace camstream::firmware
