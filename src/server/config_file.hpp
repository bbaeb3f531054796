#pragma once
// The server's config file: TOML whose keys are the long flag names without the dashes, so
// the file and the command line cannot drift apart and every value is checked by the same
// code. For example:
//
//     port = 8443
//     web-root = "/usr/share/camstream/web"
//     [hls]                      # a section prefixes its keys when that names a flag:
//     segment = 1.0              #   --hls-segment 1.0
//     [encoder]                  # ... and is only a heading when it does not:
//     preset = "veryfast"        #   --preset veryfast
//     [camera-token]             # a table of a repeatable flag gives one flag per entry:
//     cam-1 = "secret"           #   --camera-token cam-1=secret
//     allowed-origin = ["https://a.example", "https://b.example"]   # arrays repeat a flag
//
// `true` for an on/off flag turns it on; `false` leaves it off.
#include <CLI/CLI.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace camstream::server {

// A bad config file: the message starts with "FILE:LINE:" where a line is known.
struct ConfigFileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// One setting read from the file, as the command-line words it stands for.
struct ConfigArgument {
    std::string key;                 // as written, with its section ("hls.segment")
    std::vector<std::string> words;  // {"--hls-segment", "1.0"}
    long line = 0;
};

// Reads `path` and turns it into flags of `app`. Throws ConfigFileError for a file that cannot
// be read or parsed, an unknown key, or a value of the wrong kind. Values are checked by
// check_config_arguments.
std::vector<ConfigArgument> read_config_file(const std::string& path, CLI::App& app);

// Throws ConfigFileError naming the line of the first setting the flag definitions refuse.
// `parse` parses one setting's words alone (into scratch values) and throws CLI::ParseError.
void check_config_arguments(
    const std::string& path, const std::vector<ConfigArgument>& settings,
    const std::function<void(const std::vector<std::string>& words)>& parse);

}  // namespace camstream::server
