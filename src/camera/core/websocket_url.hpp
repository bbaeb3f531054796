#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace camstream::camera {

// A parsed ws:// or wss:// URL: what a Transport needs to open a connection.
// Kept apart from any socket code so the firmware can validate settings with it too.
struct WebSocketUrl {
    bool tls = false;  // wss://: the connection is TLS and the server's certificate is checked
    std::string host;  // without brackets for IPv6 ("::1")
    std::uint16_t port = 80;
    std::string target = "/";  // path and query, always starting with '/'

    // Accepts ws://host[:port][/path][?query] (port 80 by default) and the same
    // with wss:// (port 443 by default); the scheme is case-insensitive, IPv6
    // hosts go in brackets. User info and fragments are refused. On failure
    // returns nullopt and, if `error` is given, says why.
    static std::optional<WebSocketUrl> parse(std::string_view text, std::string* error = nullptr);

    // ws://HOST:PORT/ws/camera, or ws://HOST:PORT/ws/camera/ID when `id` is
    // not empty. Ids are 1-64 of [A-Za-z0-9_-], as the server accepts.
    static std::optional<WebSocketUrl> for_camera(std::string_view host, std::uint16_t port,
                                                  std::string_view id,
                                                  std::string* error = nullptr);

    static bool is_valid_camera_id(std::string_view id);

    // The id the server will file this camera under, if the target is a
    // camera endpoint: "/ws/camera" and "/ws/camera/" -> "default".
    std::optional<std::string> camera_id() const;

    // Removes `token=...` from the target's query and returns its value, for a
    // transport that sends it as "Authorization: Bearer" instead (kept out of
    // URLs, which proxies and servers log). nullopt and no change when absent.
    std::optional<std::string> take_token();

    // host[:port] for the HTTP Host header (port omitted when the scheme's default).
    std::string host_header() const;
    std::string to_string() const;  // always with the port

    std::uint16_t default_port() const { return tls ? 443 : 80; }
};

}  // namespace camstream::camera
