#include "server/auth/request_credentials.hpp"

#include <algorithm>
#include <cctype>

#include "server/auth/signed_token.hpp"
#include "server/ws_route.hpp"

namespace camstream::server::auth {

namespace {
std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The credentials after `scheme` in the Authorization header (scheme case-insensitive).
std::optional<std::string_view> authorization(const HttpRequest& request, std::string_view scheme) {
    const auto it = request.find(http::field::authorization);
    if (it == request.end()) return std::nullopt;
    const std::string_view value = trim(it->value());
    if (value.size() <= scheme.size() || value[scheme.size()] != ' ') return std::nullopt;
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return std::nullopt;
    }
    return trim(value.substr(scheme.size() + 1));
}
}  // namespace

std::optional<std::string> bearer_token(const HttpRequest& request) {
    const auto token = authorization(request, "bearer");
    if (!token || token->empty()) return std::nullopt;
    return std::string(*token);
}

std::optional<std::string> query_parameter(std::string_view target, std::string_view name) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) return std::nullopt;
    std::string_view rest = target.substr(q + 1);
    rest = rest.substr(0, rest.find('#'));
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name && eq != std::string_view::npos) {
            std::string value;
            std::string encoded(pair.substr(eq + 1));
            std::replace(encoded.begin(), encoded.end(), '+', ' ');
            if (!percent_decode(encoded, value)) return std::nullopt;
            return value;
        }
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

std::optional<std::pair<std::string, std::string>> basic_credentials(const HttpRequest& request) {
    const auto encoded = authorization(request, "basic");
    if (!encoded) return std::nullopt;
    // Standard base64 with padding, read by the base64url decoder.
    std::string text(*encoded);
    while (!text.empty() && text.back() == '=') text.pop_back();
    std::replace(text.begin(), text.end(), '+', '-');
    std::replace(text.begin(), text.end(), '/', '_');
    const auto decoded = base64url_decode(text);
    if (!decoded) return std::nullopt;
    const auto colon = decoded->find(':');
    if (colon == std::string::npos) return std::nullopt;
    return std::make_pair(decoded->substr(0, colon), decoded->substr(colon + 1));
}

std::optional<std::string> cookie_value(const HttpRequest& request, std::string_view name) {
    const auto [first, last] = request.equal_range(http::field::cookie);
    for (auto field = first; field != last; ++field) {
        std::string_view rest = field->value();
        while (!rest.empty()) {
            const auto semi = rest.find(';');
            const std::string_view pair = trim(rest.substr(0, semi));
            const auto eq = pair.find('=');
            if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
                return std::string(pair.substr(eq + 1));
            }
            if (semi == std::string_view::npos) break;
            rest.remove_prefix(semi + 1);
        }
    }
    return std::nullopt;
}

std::optional<std::string> camera_token(const HttpRequest& request) {
    if (auto token = bearer_token(request)) return token;
    return query_parameter(request.target(), "token");
}

}  // namespace camstream::server::auth
