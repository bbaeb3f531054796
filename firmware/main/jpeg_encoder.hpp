#pragma once

#include <cstdint>
#include <vector>

#include "camera/core/status.hpp"
#include "esp_camera.h"

namespace camstream::firmware {

// Turns one raw camera frame (RGB565 from the GC0308, which has no JPEG
// hardware) into a JPEG. The capture task owns one encoder and calls it for
// every frame, so an implementation may keep buffers between calls.
//
// Implementations:
// - Frame2JpgEncoder: esp32-camera's frame2jpg encoder. Always available;
//   ~125 ms per QVGA frame on the S3, so ~8 fps.
// - The slot for a faster one: Espressif's esp_new_jpeg component
//   (`espressif/esp_new_jpeg` in main/idf_component.yml) encodes with the S3's
//   SIMD instructions. An EspNewJpegEncoder would: jpeg_enc_open() once with
//   width/height from the first frame, src_type JPEG_PIXEL_FORMAT_RGB565_BE
//   (the camera's byte order), subsampling 4:2:0 and the quality; then per
//   frame jpeg_enc_process(handle, fb.buf, fb.len, out, capacity, &written)
//   into `jpeg` resized to a worst-case capacity and shrunk to `written`
//   (its input must be 16-byte aligned: copy or allocate the frame buffers
//   so); and jpeg_enc_close() when the size changes or in its destructor.
//   Then construct it instead of Frame2JpgEncoder in app_main.cpp.
class JpegEncoder {
public:
    virtual ~JpegEncoder() = default;

    // Replaces `jpeg` with the JPEG of `frame` at `quality` (1-100).
    virtual camera::Status encode(camera_fb_t& frame, int quality,
                                  std::vector<std::uint8_t>& jpeg) = 0;
    virtual const char* name() const = 0;
};

}  // namespace camstream::firmware
