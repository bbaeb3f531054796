#include "server/auth/auth_config.hpp"

#include <stdexcept>

#include "server/auth/origin_check.hpp"
#include "stream/camera_id.hpp"

namespace camstream::server::auth {

namespace {
// "a=b" split at the first `separator`; throws naming the flag when either side is empty.
std::pair<std::string, std::string> split(const std::string& spec, char separator,
                                          const std::string& flag, const std::string& form) {
    const auto at = spec.find(separator);
    if (at == std::string::npos || at == 0 || at + 1 == spec.size()) {
        throw std::invalid_argument(flag + " takes " + form);
    }
    return {spec.substr(0, at), spec.substr(at + 1)};
}
}  // namespace

void add_camera_token(AuthConfig& config, const std::string& spec) {
    auto [id, token] = split(spec, '=', "--camera-token", "ID=TOKEN (or *=TOKEN for any id)");
    if (id == "*") {
        if (!config.any_camera_token.empty()) {
            throw std::invalid_argument("--camera-token *=... is given twice");
        }
        config.any_camera_token = std::move(token);
        return;
    }
    if (!stream::is_valid_camera_id(id)) {
        throw std::invalid_argument("--camera-token: '" + id +
                                    "' is not a camera id (1-64 of A-Z a-z 0-9 _ -)");
    }
    if (!config.camera_tokens.emplace(id, std::move(token)).second) {
        throw std::invalid_argument("--camera-token " + id + "=... is given twice");
    }
}

void add_viewer_password(AuthConfig& config, const std::string& spec) {
    auto [user, password] = split(spec, ':', "--viewer-password", "USER:PASSWORD");
    if (!config.viewer_passwords.emplace(user, std::move(password)).second) {
        throw std::invalid_argument("--viewer-password " + user + ":... is given twice");
    }
}

void add_allowed_origin(AuthConfig& config, const std::string& origin) {
    auto canonical = canonical_origin(origin);
    if (!canonical) {
        throw std::invalid_argument("--allowed-origin '" + origin +
                                    "' is not an origin such as https://example.com:8443");
    }
    config.allowed_origins.push_back(std::move(*canonical));
}

}  // namespace camstream::server::auth
