#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "camera/core/frame_source.hpp"
#include "camera/host/jpeg_encoder.hpp"
#include "camera/host/rgb_image.hpp"
#include "camera/host/test_pattern.hpp"

namespace camstream::camera {

// Linux only (libturbojpeg).
// A FrameSource that draws the TestPattern and JPEG-encodes it: the PC
// stand-in for the camera sensor.
class MockFrameSource final : public FrameSource {
public:
    struct Options {
        int width = 640;
        int height = 480;
        int quality = 80;
        ChromaSubsampling subsampling = ChromaSubsampling::k420;
        // Nominal rate: the animation advances 1/fps seconds per frame, so it
        // moves at the same speed whatever the real pace, and is repeatable.
        double fps = 25.0;
        std::string label = "CAM";
        // Draw the frame number as a machine-readable FrameCode row too.
        bool frame_code = false;
        // Called with each frame's number once its JPEG is ready, i.e. just before it is sent:
        // mock-camera's --frame-log records when each frame left.
        std::function<void(std::uint64_t frame_number)> on_captured;
    };

    explicit MockFrameSource(Options options);

    Status capture(std::vector<std::uint8_t>& jpeg) override;

private:
    Options options_;
    TestPattern pattern_;
    JpegEncoder encoder_;
    RgbImage rgb_;
    std::uint64_t next_frame_ = 0;
};

}  // namespace camstream::camera
