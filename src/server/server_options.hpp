#pragma once
// Every server setting as a command-line flag. The config file is read through these same
// definitions (see config_file.hpp), so a setting, its check and its help text exist once.
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "server/server_config.hpp"

namespace camstream::server {

// What the flags write into: the config itself plus the values that need converting
// (seconds as numbers, ports that may be -1) before they become a ServerConfig.
struct ServerOptions {
    ServerConfig config;
    int http_port = 8080;
    double keyframe_seconds = 2.0;
    int stats_seconds = 10;
    int idle_seconds = 10;
    double write_deadline_seconds = 10;
    double hls_segment = 1.0;
    double hls_part = 0.2;
    double linger_seconds = 10;
    double size_change_seconds = 2;
    bool no_pacing = false;
    int media_budget_ms = 0;
    std::string log_level = "info";
    // Credentials, checked and sorted into config.auth by finish_server_options.
    std::vector<std::string> camera_tokens;     // "ID=TOKEN", "*=TOKEN"
    std::vector<std::string> viewer_passwords;  // "USER:PASSWORD"
    std::vector<std::string> allowed_origins;
    double session_hours = 12;
};

// Adds every server flag to `app`, writing into `options`.
void add_server_options(CLI::App& app, ServerOptions& options);

// The ServerConfig the parsed options describe. Throws std::invalid_argument naming the flags
// when they contradict each other.
ServerConfig finish_server_options(const ServerOptions& options);

}  // namespace camstream::server
