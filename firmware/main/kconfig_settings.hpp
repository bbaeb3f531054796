#pragma once

#include "camera/core/settings.hpp"
#include "esp_camera.h"

namespace camstream::firmware {

// The compile-time defaults from `idf.py menuconfig` -> camstream
// (Kconfig.projbuild): what the camera uses until the console saves
// something else. A value that fails the core's check is logged and left at
// the core's own default.
camera::Settings kconfig_default_settings();

// The sensor frame size chosen in Kconfig (QVGA unless changed).
framesize_t kconfig_frame_size();

}  // namespace camstream::firmware
