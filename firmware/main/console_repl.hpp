#pragma once

#include "camera/core/console.hpp"
#include "camera/core/status.hpp"

namespace camstream::firmware {

// esp_console's REPL on the USB Serial/JTAG port, with each of the core
// console's commands (wifi, stream, cam, psram, help) registered to forward
// its argv to `console`, which parses, acts and prints. Call once; `console`
// must live for good (the REPL task keeps using it).
camera::Status start_console_repl(camera::Console& console);

}  // namespace camstream::firmware
