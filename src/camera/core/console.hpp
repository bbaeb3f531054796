#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "camera/core/cam_commands.hpp"
#include "camera/core/console_context.hpp"
#include "camera/core/console_output.hpp"
#include "camera/core/psram_commands.hpp"
#include "camera/core/stream_commands.hpp"
#include "camera/core/wifi_commands.hpp"

namespace camstream::camera {

// The camera's console: the wifi, stream, cam and psram commands and help,
// parsed and answered here so mock-camera and the device print the same text.
// Platforms only feed it lines (mock-camera's StdioRepl, the firmware's
// esp_console REPL) and give it somewhere to print.
//
// Bad arguments print one line saying why, then the command's usage, and
// change nothing. Not thread-safe: one console thread.
class Console {
public:
    struct Command {
        const char* name;
        const char* help;  // one line, for `help` and esp_console_cmd_t::help
    };

    static constexpr const char* kPrompt = "camstream> ";

    explicit Console(ConsoleContext& context);

    // Splits `line` (see split_command_line) and runs it. Blank lines do
    // nothing. Returns 0 on success, 1 on failure.
    int execute_line(std::string_view line, ConsoleOutput& out);
    // Runs an already split command: args[0] is its name (the argv that
    // esp_console hands a registered command).
    int execute(const std::vector<std::string>& args, ConsoleOutput& out);

    static const std::vector<Command>& commands();

private:
    // `help [command]`.
    static int help(const std::vector<std::string>& args, ConsoleOutput& out);

    WifiCommands wifi_;
    StreamCommands stream_;
    CamCommands cam_;
    PsramCommands psram_;
};

}  // namespace camstream::camera
