#pragma once

#include <string>

#include "camera/core/board.hpp"

namespace camstream::camera {

// Board for mock-camera: no camera power pin, no PSRAM; every call fails with
// a plain explanation the console prints.
class MockBoard final : public Board {
public:
    static constexpr const char* kNoCamera = "not available on mock-camera (no camera hardware)";
    static constexpr const char* kNoPsram = "not available on mock-camera (a PC has no PSRAM)";

    Status set_camera_power(bool) override { return Status::failure(kNoCamera); }
    Status describe_camera_power(std::string&) override { return Status::failure(kNoCamera); }
    Status psram_status(PsramStatus&) override { return Status::failure(kNoPsram); }
    Status set_orientation(bool, bool) override { return Status::failure(kNoCamera); }
};

}  // namespace camstream::camera
