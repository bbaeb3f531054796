#pragma once

#include <string>
#include <vector>

#include "camera/core/console_context.hpp"
#include "camera/core/console_output.hpp"

namespace camstream::camera {

// `wifi status | scan [max] | set <ssid> <password> [save] |
//  set --ssid S --pass P [--save] | connect | disconnect | clear`
//
// `set` and `clear` change the credentials (and the store when saving);
// `connect`, `disconnect`, `scan` and the link half of `status` go to the
// WifiControl. Returns 0 on success, 1 on failure (esp_console's convention).
class WifiCommands {
public:
    explicit WifiCommands(ConsoleContext& context) : context_{context} {}

    int run(const std::vector<std::string>& args, ConsoleOutput& out);
    static void usage(ConsoleOutput& out);

private:
    int status(ConsoleOutput& out);
    int scan(const std::vector<std::string>& args, ConsoleOutput& out);
    int set(const std::vector<std::string>& args, ConsoleOutput& out);
    int connect(ConsoleOutput& out);
    int disconnect(ConsoleOutput& out);
    int clear(ConsoleOutput& out);

    ConsoleContext& context_;
};

}  // namespace camstream::camera
