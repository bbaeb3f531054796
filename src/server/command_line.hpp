#pragma once
// camstream-server's command line: the flags, `--config FILE` (flags given on the command line
// win over the file; repeatable flags add to the file's) and `--check-config FILE`.
#include <optional>
#include <string>

#include "server/server_config.hpp"

namespace camstream::server {

struct CommandLine {
    ServerConfig config;
    std::string log_level = "info";
    bool check_only = false;  // --check-config: the settings are valid; do not start
    std::string config_path;  // empty: no file
};

// The settings of `argv`, or the exit code when the process should stop here (--help, or an
// error, which has been printed to stderr naming the flag or the file's line).
struct ParsedCommandLine {
    std::optional<CommandLine> settings;
    int exit_code = 0;
};
ParsedCommandLine parse_command_line(int argc, const char* const* argv,
                                     const std::string& default_web_root);

}  // namespace camstream::server
