#include "camera/core/websocket_url.hpp"

#include <algorithm>
#include <cctype>

#include "camera/core/decimal.hpp"

namespace camstream::camera {
namespace {

bool fail(std::string* error, std::string why) {
    if (error) *error = std::move(why);
    return false;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

bool parse_port(std::string_view text, std::uint16_t& port, std::string* error) {
    if (text.empty()) return fail(error, "empty port after ':'");
    if (text.size() > 5 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return fail(error, "port '" + std::string{text} + "' is not a number from 1 to 65535");
    long value = 0;
    if (!parse_decimal(text, value) || value < 1 || value > 65535)
        return fail(error, "port '" + std::string{text} + "' is not a number from 1 to 65535");
    port = static_cast<std::uint16_t>(value);
    return true;
}

}  // namespace

std::optional<WebSocketUrl> WebSocketUrl::parse(std::string_view text, std::string* error) {
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) {
        fail(error, "expected ws://host[:port]/path or wss://host[:port]/path");
        return std::nullopt;
    }
    const std::string_view scheme = text.substr(0, scheme_end + 3);
    WebSocketUrl url;
    url.tls = iequals(scheme, "wss://");
    if (!url.tls && !iequals(scheme, "ws://")) {
        fail(error, "scheme must be ws:// or wss:// (TLS), not " + std::string{scheme});
        return std::nullopt;
    }
    url.port = url.default_port();
    std::string_view rest = text.substr(scheme.size());
    if (std::any_of(rest.begin(), rest.end(), [](char c) {
            return std::isspace(static_cast<unsigned char>(c)) ||
                   std::iscntrl(static_cast<unsigned char>(c));
        })) {
        fail(error, "URL contains whitespace or control characters");
        return std::nullopt;
    }
    if (rest.find('#') != std::string_view::npos) {
        fail(error, "a WebSocket URL cannot have a #fragment");
        return std::nullopt;
    }

    const auto path_start = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, path_start);
    std::string_view target =
        path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
    if (authority.find('@') != std::string_view::npos) {
        fail(error, "user info (user@host) is not supported");
        return std::nullopt;
    }

    std::string_view port_text;
    bool has_port = false;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            fail(error, "missing ']' after IPv6 address");
            return std::nullopt;
        }
        url.host = std::string{authority.substr(1, close - 1)};
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                fail(error, "unexpected '" + std::string{after} + "' after IPv6 address");
                return std::nullopt;
            }
            has_port = true;
            port_text = after.substr(1);
        }
        if (url.host.empty() || !std::all_of(url.host.begin(), url.host.end(), [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
            })) {
            fail(error, "bad IPv6 address '" + url.host + "'");
            return std::nullopt;
        }
    } else {
        const auto colon = authority.find(':');
        url.host = std::string{authority.substr(0, colon)};
        if (colon != std::string_view::npos) {
            has_port = true;
            port_text = authority.substr(colon + 1);
        }
        if (url.host.empty()) {
            fail(error, "missing host");
            return std::nullopt;
        }
        if (!std::all_of(url.host.begin(), url.host.end(), is_host_char)) {
            fail(error, "bad host name '" + url.host + "'");
            return std::nullopt;
        }
    }
    if (has_port && !parse_port(port_text, url.port, error)) return std::nullopt;

    if (target.empty())
        url.target = "/";
    else if (target.front() == '?')
        url.target = "/" + std::string{target};
    else
        url.target = std::string{target};
    return url;
}

bool WebSocketUrl::is_valid_camera_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
    });
}

std::optional<WebSocketUrl> WebSocketUrl::for_camera(std::string_view host, std::uint16_t port,
                                                     std::string_view id, std::string* error) {
    if (!id.empty() && !is_valid_camera_id(id)) {
        fail(error,
             "camera id '" + std::string{id} + "' must be 1-64 characters of A-Z a-z 0-9 _ -");
        return std::nullopt;
    }
    if (port == 0) {
        fail(error, "port must be from 1 to 65535");
        return std::nullopt;
    }
    // Build the text and parse it, so the host is checked by the same rules as --url.
    const bool ipv6 = host.find(':') != std::string_view::npos;
    std::string text = "ws://" + (ipv6 ? "[" + std::string{host} + "]" : std::string{host}) + ":" +
                       std::to_string(port) + "/ws/camera";
    if (!id.empty()) text += "/" + std::string{id};
    return parse(text, error);
}

std::optional<std::string> WebSocketUrl::camera_id() const {
    constexpr std::string_view kPrefix = "/ws/camera";
    std::string_view path{target};
    path = path.substr(0, path.find('?'));
    if (path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    std::string_view rest = path.substr(kPrefix.size());
    if (rest.empty() || rest == "/") return "default";
    if (rest.front() != '/') return std::nullopt;
    rest.remove_prefix(1);
    if (!is_valid_camera_id(rest)) return std::nullopt;
    return std::string{rest};
}

std::optional<std::string> WebSocketUrl::take_token() {
    const auto query = target.find('?');
    if (query == std::string::npos) return std::nullopt;
    std::string kept;
    std::optional<std::string> token;
    std::string_view rest = std::string_view{target}.substr(query + 1);
    while (true) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        if (!token && pair.substr(0, 6) == "token=") {
            token = std::string{pair.substr(6)};
        } else if (!pair.empty()) {
            kept += kept.empty() ? "?" : "&";
            kept += pair;
        }
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    if (token) target = target.substr(0, query) + kept;
    return token;
}

std::string WebSocketUrl::host_header() const {
    const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return port == default_port() ? h : h + ":" + std::to_string(port);
}

std::string WebSocketUrl::to_string() const {
    const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return (tls ? "wss://" : "ws://") + h + ":" + std::to_string(port) + target;
}

}  // namespace camstream::camera
