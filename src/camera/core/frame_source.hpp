#pragma once

#include <cstdint>
#include <vector>

#include "camera/core/status.hpp"

namespace camstream::camera {

// Where frames come from: the synthetic test pattern on a PC, the sensor
// (esp_camera_fb_get) on the device. The stream loop only ever needs "give me
// the next complete JPEG", so that is the whole interface.
class FrameSource {
public:
    virtual ~FrameSource() = default;

    // Replaces `jpeg` with one complete JPEG (SOI..EOI). `jpeg` is an
    // out-parameter so its capacity is reused from frame to frame.
    virtual Status capture(std::vector<std::uint8_t>& jpeg) = 0;
};

}  // namespace camstream::camera
