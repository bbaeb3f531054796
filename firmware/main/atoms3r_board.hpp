#pragma once

#include <string>

#include "camera/core/board.hpp"
#include "camera/core/status.hpp"
#include "camera_capture.hpp"
#include "camera_power.hpp"

namespace camstream::firmware {

// The core's Board on the AtomS3R-CAM: `cam power`/`cam dump` act on the
// GPIO18 power switch, `cam flip`/`cam mirror` go to the capture task (which
// owns the sensor), `psram status` reads the heap.
class Atoms3rBoard final : public camera::Board {
public:
    Atoms3rBoard(CameraPower& power, CameraCapture& capture) : power_{power}, capture_{capture} {}

    camera::Status set_camera_power(bool on) override { return power_.set(on); }
    camera::Status describe_camera_power(std::string& out) override;
    camera::Status psram_status(camera::PsramStatus& out) override;
    camera::Status set_orientation(bool vflip, bool hmirror) override {
        capture_.set_orientation(vflip, hmirror);
        return camera::Status::success();
    }

private:
    CameraPower& power_;
    CameraCapture& capture_;
};

}  // namespace camstream::firmware
