#pragma once

#include <string>

#include "camera/core/board.hpp"
#include "camera/core/status.hpp"
#include "camera_power.hpp"

namespace camstream::firmware {

// The core's Board on the AtomS3R-CAM: `cam power`/`cam dump` act on the
// GPIO18 power switch, `psram status` reads the heap.
class Atoms3rBoard final : public camera::Board {
public:
    explicit Atoms3rBoard(CameraPower& power) : power_{power} {}

    camera::Status set_camera_power(bool on) override { return power_.set(on); }
    camera::Status describe_camera_power(std::string& out) override;
    camera::Status psram_status(camera::PsramStatus& out) override;

private:
    CameraPower& power_;
};

}  // namespace camstream::firmware
