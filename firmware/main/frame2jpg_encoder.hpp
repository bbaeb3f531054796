#pragma once

#include "jpeg_encoder.hpp"

namespace camstream::firmware {

// esp32-camera's software encoder (conversions/to_jpg.cpp). Through
// frame2jpg_cb rather than frame2jpg: frame2jpg mallocs a fresh 128 KiB
// output buffer for every frame, the callback form appends into our vector,
// reserved in PSRAM once and kept from frame to frame.
class Frame2JpgEncoder final : public JpegEncoder {
public:
    camera::Status encode(camera_fb_t& frame, int quality,
                          std::vector<std::uint8_t>& jpeg) override;
    const char* name() const override { return "frame2jpg"; }
};

}  // namespace camstream::firmware
