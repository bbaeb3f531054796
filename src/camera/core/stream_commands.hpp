#pragma once

#include <string>
#include <vector>

#include "camera/core/console_context.hpp"
#include "camera/core/console_output.hpp"

namespace camstream::camera {

// `stream status | set host <host> [port] [save] | set port <port> [save] |
//  start | stop | clear`
//
// `set` changes the runtime target; while streaming, the new target takes
// over at once. `save` stores what this console has set (host, port), not the
// stream settings nobody touched: those keep following the defaults. `clear`
// forgets the saved stream settings, puts the runtime ones back to the
// defaults and stops streaming. Returns 0 on success, 1 on failure.
class StreamCommands {
public:
    explicit StreamCommands(ConsoleContext& context) : context_{context} {}

    int run(const std::vector<std::string>& args, ConsoleOutput& out);
    static void usage(ConsoleOutput& out);

private:
    int status(ConsoleOutput& out);
    int set(const std::vector<std::string>& args, ConsoleOutput& out);
    int start(ConsoleOutput& out);
    int stop(ConsoleOutput& out);
    int clear(ConsoleOutput& out);
    // Makes `changed` the runtime settings: restarts a running stream on it
    // and saves it when asked. False (with a line printed) if saving failed.
    bool apply(const Settings& changed, SettingsFields fields, bool save, const std::string& what,
               ConsoleOutput& out);

    ConsoleContext& context_;
    // Set by earlier commands without save: the next save stores them too, so
    // `stream set host X` then `stream set port P save` saves both.
    SettingsFields unsaved_ = 0;
};

}  // namespace camstream::camera
