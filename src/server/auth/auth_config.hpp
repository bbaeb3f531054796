#pragma once
// Who may publish and who may watch, as the flags give it. Empty everywhere: anyone who can
// reach the ports may do both (today's behaviour, with a warning at start).
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace camstream::server::auth {

struct AuthConfig {
    std::map<std::string, std::string> camera_tokens;     // camera id -> its token
    std::string any_camera_token;                         // "*": ids without a token of their own
    std::map<std::string, std::string> viewer_passwords;  // user -> password
    // Signs session cookies and share links; empty: a random key per start (links and
    // sessions then end when the server restarts).
    std::string share_secret;
    std::vector<std::string> allowed_origins;  // beside the server's own origin
    std::string metrics_token;                 // empty: /metrics is open
    std::chrono::seconds session_lifetime{std::chrono::hours(12)};
    std::chrono::seconds max_share_lifetime{std::chrono::hours(24 * 7)};
    bool secure_cookies = false;  // the server speaks TLS: cookies go over https only

    bool cameras_need_token() const { return !camera_tokens.empty() || !any_camera_token.empty(); }
    bool viewers_need_login() const { return !viewer_passwords.empty(); }
    bool any() const {
        return cameras_need_token() || viewers_need_login() || !metrics_token.empty() ||
               !allowed_origins.empty();
    }
};

// Adds one `--camera-token ID=TOKEN` (`*=TOKEN` for any id) or `--viewer-password USER:PW`.
// Throws std::invalid_argument naming what is wrong (bad id, empty token, repeated id).
void add_camera_token(AuthConfig& config, const std::string& spec);
void add_viewer_password(AuthConfig& config, const std::string& spec);
// Throws std::invalid_argument unless `origin` is scheme://host[:port] with nothing after.
void add_allowed_origin(AuthConfig& config, const std::string& origin);

}  // namespace camstream::server::auth
