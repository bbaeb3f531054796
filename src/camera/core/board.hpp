#pragma once

#include <cstddef>
#include <string>

#include "camera/core/status.hpp"

namespace camstream::camera {

// PSRAM and internal heap, as `psram status` prints them.
struct PsramStatus {
    bool enabled = false;  // built with PSRAM support (CONFIG_SPIRAM)
    bool initialized = false;
    std::size_t size = 0;
    std::size_t free = 0;
    std::size_t largest_free_block = 0;
    std::size_t internal_free = 0;
    std::size_t internal_largest_free_block = 0;
};

// The board's hooks behind `cam` and `psram`: camera power GPIO, sensor
// orientation and memory on the device; on a PC (MockBoard) each says it is not available.
class Board {
public:
    virtual ~Board() = default;

    virtual Status set_camera_power(bool on) = 0;
    // A human-readable report of the camera power pin (level, direction, ...);
    // may span several lines.
    virtual Status describe_camera_power(std::string& out) = 0;
    virtual Status psram_status(PsramStatus& out) = 0;
    // The sensor's vertical flip and horizontal mirror, at once if it is up
    // and at every (re)initialisation after.
    virtual Status set_orientation(bool vflip, bool hmirror) = 0;
};

}  // namespace camstream::camera
