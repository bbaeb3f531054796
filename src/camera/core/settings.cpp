#include "camera/core/settings.hpp"

#include <algorithm>
#include <chrono>

#include "camera/core/decimal.hpp"
#include "camera/core/websocket_url.hpp"

namespace camstream::camera {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool is_control(char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

std::string quoted(std::string_view text) {
    return "'" + std::string{text} + "'";
}

bool is_ipv6_literal(std::string_view host) {
    return std::count(host.begin(), host.end(), ':') >= 2 &&
           std::all_of(host.begin(), host.end(),
                       [](char c) { return is_hex(c) || c == ':' || c == '.'; });
}

bool is_host_label(std::string_view label) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
        return false;
    return std::all_of(label.begin(), label.end(),
                       [](char c) { return is_alpha(c) || is_digit(c) || c == '-' || c == '_'; });
}

// Dotted names: labels of letters, digits, '-' and '_'; all-numeric names
// must be a proper IPv4 address (so "300.1.1.1" is refused, not looked up).
bool is_name_or_ipv4(std::string_view host) {
    int labels = 0;
    bool all_numeric = true;
    bool ipv4_ok = true;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = host.find('.', start);
        const std::string_view label =
            host.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (!is_host_label(label)) return false;
        ++labels;
        if (std::all_of(label.begin(), label.end(), is_digit)) {
            long value = 0;
            if (!parse_decimal(label, value) || value > 255) ipv4_ok = false;
        } else {
            all_numeric = false;
        }
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return !all_numeric || (labels == 4 && ipv4_ok);
}

}  // namespace

Status Settings::check_ssid(std::string_view ssid) {
    if (ssid.empty() || ssid.size() > 32) return Status::failure("SSID must be 1-32 bytes");
    if (std::any_of(ssid.begin(), ssid.end(), is_control))
        return Status::failure("SSID must not contain control characters");
    return Status::success();
}

Status Settings::check_password(std::string_view password) {
    const bool passphrase = password.size() >= 8 && password.size() <= 63 &&
                            std::none_of(password.begin(), password.end(), [](char c) {
                                return is_control(c) || static_cast<unsigned char>(c) > 0x7e;
                            });
    const bool raw_key =
        password.size() == 64 && std::all_of(password.begin(), password.end(), is_hex);
    if (password.empty() || passphrase || raw_key) return Status::success();
    return Status::failure(
        "password must be empty (open network), 8-63 characters, or 64 hex digits");
}

Status Settings::check_host(std::string_view host) {
    if (host.empty()) return Status::failure("host must not be empty");
    if (host.size() > 253) return Status::failure("host is longer than 253 characters");
    if (host.find(':') != std::string_view::npos ? is_ipv6_literal(host) : is_name_or_ipv4(host))
        return Status::success();
    return Status::failure("host " + quoted(host) + " is not a valid host name or IP address");
}

Status Settings::check_port(long port) {
    if (port >= 1 && port <= 65535) return Status::success();
    return Status::failure("port " + std::to_string(port) + " is out of range (1-65535)");
}

Status Settings::check_path(std::string_view path) {
    if (path.empty() || path.front() != '/')
        return Status::failure("path " + quoted(path) + " must start with '/'");
    if (path.size() > 128) return Status::failure("path is longer than 128 characters");
    if (std::any_of(path.begin(), path.end(),
                    [](char c) { return is_control(c) || c == ' ' || c == '?' || c == '#'; }))
        return Status::failure("path " + quoted(path) +
                               " must not contain spaces, control characters, '?' or '#'");
    return Status::success();
}

Status Settings::check_camera_id(std::string_view id) {
    if (id.empty() || WebSocketUrl::is_valid_camera_id(id)) return Status::success();
    return Status::failure("camera id " + quoted(id) +
                           " must be 1-64 characters of A-Z a-z 0-9 _ -");
}

Status Settings::check_frame_interval(long ms) {
    if (ms >= static_cast<long>(kMinFrameIntervalMs) &&
        ms <= static_cast<long>(kMaxFrameIntervalMs))
        return Status::success();
    return Status::failure("frame interval " + std::to_string(ms) + " ms is out of range (" +
                           std::to_string(kMinFrameIntervalMs) + "-" +
                           std::to_string(kMaxFrameIntervalMs) + " ms)");
}

Status Settings::check_jpeg_quality(long quality) {
    if (quality >= 1 && quality <= 100) return Status::success();
    return Status::failure("JPEG quality " + std::to_string(quality) + " is out of range (1-100)");
}

Status Settings::check_token(std::string_view token) {
    // Only URL-safe characters, so the token goes into the query unescaped.
    const bool ok =
        token.size() <= 128 && std::all_of(token.begin(), token.end(), [](char c) {
            return is_alpha(c) || is_digit(c) || c == '.' || c == '_' || c == '~' || c == '-';
        });
    if (ok) return Status::success();
    return Status::failure("token must be at most 128 characters of A-Z a-z 0-9 . _ ~ -");
}

Status Settings::validate() const {
    if (!wifi_ssid.empty()) {
        if (Status s = check_ssid(wifi_ssid); !s) return s;
    }
    if (Status s = check_password(wifi_password); !s) return s;
    if (!host.empty()) {
        if (Status s = check_host(host); !s) return s;
    }
    for (Status s : {check_port(port), check_path(path), check_camera_id(camera_id),
                     check_frame_interval(static_cast<long>(frame_interval_ms)),
                     check_jpeg_quality(jpeg_quality), check_token(token)}) {
        if (!s) return s;
    }
    return Status::success();
}

std::string Settings::stream_url() const {
    if (host.empty()) return {};
    const bool ipv6 = host.find(':') != std::string::npos;
    std::string url = (tls ? "wss://" : "ws://") + (ipv6 ? "[" + host + "]" : host) + ":" +
                      std::to_string(port) + path;
    if (!camera_id.empty()) {
        if (url.back() != '/') url += '/';
        url += camera_id;
    }
    if (!token.empty()) url += "?token=" + token;
    return url;
}

StreamConfig Settings::stream_config(StreamConfig base) const {
    base.url = stream_url();
    base.frame_interval = std::chrono::milliseconds(frame_interval_ms);
    return base;
}

}  // namespace camstream::camera
