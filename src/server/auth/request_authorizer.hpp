#pragma once
// Decides whether one request may have what it asks for, before anything is done for it:
// cameras by their token, viewers by their session cookie (or HTTP Basic), players by a
// camera's share link, Prometheus by the metrics token, browser pages by their Origin.
#include <chrono>
#include <optional>
#include <string>

#include "server/auth/auth_config.hpp"
#include "server/auth/signed_token.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server::auth {

// What a request asks for, as far as access goes.
enum class Access {
    open,          // /healthz, the login page, logging in and out
    camera,        // publishing as a camera (its WebSocket)
    page,          // the web client's files: without a login, a redirect to the login page
    viewer,        // /api/*, /status, the viewer and events WebSockets
    camera_media,  // one camera's HLS, MJPEG or snapshot: a login or that camera's share link
    metrics,
};

struct Decision {
    enum class Kind { allow, unauthorized, forbidden, login };
    Kind kind = Kind::allow;
    std::string reason;  // for the answer and the log line; never holds a secret
    std::string user;    // the viewer, when one is logged in

    bool allowed() const { return kind == Kind::allow; }
};

inline constexpr std::string_view kSessionCookie = "camstream_session";

class RequestAuthorizer {
public:
    using Clock = std::chrono::system_clock;
    explicit RequestAuthorizer(AuthConfig config);

    const AuthConfig& config() const { return config_; }

    // `camera_id`: the camera a camera or camera_media request names.
    Decision decide(const HttpRequest& request, Access access, const std::string& camera_id,
                    Clock::time_point now) const;

    // True when `user` has this password.
    bool password_ok(const std::string& user, const std::string& password) const;
    // The Set-Cookie value that logs `user` in until now + session lifetime, and the one
    // that logs out.
    std::string session_cookie(const std::string& user, Clock::time_point now) const;
    std::string logout_cookie() const;
    // A token that plays `camera_id` (HLS, MJPEG, snapshot) until `expires`.
    std::string share_token(const std::string& camera_id, Clock::time_point expires) const;

private:
    Decision decide_camera(const HttpRequest& request, const std::string& camera_id) const;
    std::optional<std::string> logged_in_user(const HttpRequest& request,
                                              Clock::time_point now) const;

    AuthConfig config_;
    TokenSigner signer_;
};

}  // namespace camstream::server::auth
