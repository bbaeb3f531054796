#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "camera/core/status.hpp"

namespace camstream::firmware {

// The AtomS3R-CAM's camera power switch on GPIO18, active LOW. Shared by the
// console (`cam power`, `cam dump`) and the capture task, which waits for the
// sensor to settle after power-on before probing it. Thread-safe.
class CameraPower {
public:
    // Configures the pin (input+output, so its level reads back) and leaves
    // the camera off until set(true).
    camera::Status init();
    camera::Status set(bool on);
    bool is_on() const { return on_since_us_.load() != 0; }
    // Sleeps until the sensor has been powered for the settle time; returns
    // false (at once) if the power is off.
    bool wait_until_settled() const;
    // Pin, level, and how long it has been on: for `cam dump`.
    std::string describe() const;

private:
    // esp_timer time of the last switch-on; 0 while off.
    std::atomic<std::int64_t> on_since_us_{0};
    bool initialized_ = false;
};

}  // namespace camstream::firmware
