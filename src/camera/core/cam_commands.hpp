#pragma once

#include <string>
#include <vector>

#include "camera/core/console_context.hpp"
#include "camera/core/console_output.hpp"

namespace camstream::camera {

// `cam power <0|1> | dump | flip <on|off> [save] | mirror <on|off> [save]`:
// the camera power pin, for bring-up on the board (the AtomS3R-CAM powers its
// sensor through an active-low GPIO), and the sensor's orientation, which
// takes effect at once and, saved, at every boot. Returns 0 on success, 1 on
// failure.
class CamCommands {
public:
    explicit CamCommands(ConsoleContext& context) : context_{context} {}

    int run(const std::vector<std::string>& args, ConsoleOutput& out);
    static void usage(ConsoleOutput& out);

private:
    int power(const std::vector<std::string>& args, ConsoleOutput& out);
    int dump(const std::vector<std::string>& args, ConsoleOutput& out);
    // `cam flip` (vertical) and `cam mirror` (horizontal).
    int orientation(const std::vector<std::string>& args, ConsoleOutput& out);

    ConsoleContext& context_;
};

}  // namespace camstream::camera
