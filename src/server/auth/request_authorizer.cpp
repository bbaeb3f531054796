#include "server/auth/request_authorizer.hpp"

#include "server/auth/constant_time.hpp"
#include "server/auth/origin_check.hpp"
#include "server/auth/request_credentials.hpp"

namespace camstream::server::auth {

namespace {
constexpr std::string_view kSessionPurpose = "session";
constexpr std::string_view kSharePurpose = "share";

Decision refuse(Decision::Kind kind, std::string reason) {
    return {kind, std::move(reason), {}};
}
}  // namespace

RequestAuthorizer::RequestAuthorizer(AuthConfig config)
    : config_(std::move(config)), signer_(config_.share_secret) {}

Decision RequestAuthorizer::decide(const HttpRequest& request, Access access,
                                   const std::string& camera_id, Clock::time_point now) const {
    // With nothing configured the server stays open, Origin or not: there is no cookie for
    // another site's page to ride on, and such a page could reach the ports directly anyway.
    if (!config_.any()) return {};
    const auto origin = request.find(http::field::origin);
    const bool upgrade = websocket::is_upgrade(request);
    // Browsers send Origin on WebSocket upgrades and POSTs; cameras, curl and players do not,
    // and are not refused for it.
    const bool origin_matters = request.method() == http::verb::post ||
                                (upgrade && (access == Access::viewer || access == Access::camera));
    if (origin_matters && origin != request.end() &&
        !origin_allowed(origin->value(), request[http::field::host], config_.allowed_origins)) {
        return refuse(Decision::Kind::forbidden,
                      "Origin " + std::string(origin->value()) + " is not allowed");
    }
    switch (access) {
        case Access::open:
            return {};
        case Access::camera:
            return decide_camera(request, camera_id);
        case Access::metrics: {
            if (config_.metrics_token.empty()) return {};
            const auto token = bearer_token(request);
            if (token && same_secret(*token, config_.metrics_token)) return {};
            return refuse(Decision::Kind::unauthorized,
                          token ? "wrong metrics token" : "metrics need a Bearer token");
        }
        case Access::page:
        case Access::viewer:
        case Access::camera_media:
            break;
    }
    if (!config_.viewers_need_login()) return {};
    if (auto user = logged_in_user(request, now)) return {Decision::Kind::allow, {}, *user};
    if (access == Access::camera_media) {
        if (const auto token = query_parameter(request.target(), "token")) {
            const auto shared = signer_.verify(kSharePurpose, *token, now);
            if (shared && *shared == camera_id) return {};
            return refuse(Decision::Kind::unauthorized, shared ? "share link of another camera"
                                                               : "expired or invalid share link");
        }
    }
    if (access == Access::page) return refuse(Decision::Kind::login, "login needed");
    return refuse(Decision::Kind::unauthorized, "login needed");
}

Decision RequestAuthorizer::decide_camera(const HttpRequest& request,
                                          const std::string& camera_id) const {
    if (!config_.cameras_need_token()) return {};
    // An id with its own token takes only that one; "*" is for the ids without.
    const auto own = config_.camera_tokens.find(camera_id);
    const std::string* expected = own != config_.camera_tokens.end()  ? &own->second
                                  : !config_.any_camera_token.empty() ? &config_.any_camera_token
                                                                      : nullptr;
    if (expected == nullptr) {
        return refuse(Decision::Kind::forbidden, "camera id '" + camera_id + "' has no token here");
    }
    const auto token = camera_token(request);
    if (!token) return refuse(Decision::Kind::unauthorized, "camera sent no token");
    if (!same_secret(*token, *expected)) {
        return refuse(Decision::Kind::unauthorized, "wrong camera token");
    }
    return {};
}

std::optional<std::string> RequestAuthorizer::logged_in_user(const HttpRequest& request,
                                                             Clock::time_point now) const {
    if (const auto cookie = cookie_value(request, kSessionCookie)) {
        auto user = signer_.verify(kSessionPurpose, *cookie, now);
        // A user whose password is no longer configured is logged out.
        if (user && config_.viewer_passwords.contains(*user)) return user;
    }
    if (const auto basic = basic_credentials(request)) {
        if (password_ok(basic->first, basic->second)) return basic->first;
    }
    return std::nullopt;
}

bool RequestAuthorizer::password_ok(const std::string& user, const std::string& password) const {
    const auto it = config_.viewer_passwords.find(user);
    // An unknown user costs the same comparison as a known one.
    const std::string& expected = it != config_.viewer_passwords.end() ? it->second : user;
    const bool same = same_secret(password, expected);
    return it != config_.viewer_passwords.end() && same;
}

std::string RequestAuthorizer::session_cookie(const std::string& user,
                                              Clock::time_point now) const {
    const auto token = signer_.sign(kSessionPurpose, user, now + config_.session_lifetime);
    return std::string(kSessionCookie) + "=" + token +
           "; Path=/; Max-Age=" + std::to_string(config_.session_lifetime.count()) +
           "; HttpOnly; SameSite=Strict" + (config_.secure_cookies ? "; Secure" : "");
}

std::string RequestAuthorizer::logout_cookie() const {
    return std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
           (config_.secure_cookies ? "; Secure" : "");
}

std::string RequestAuthorizer::share_token(const std::string& camera_id,
                                           Clock::time_point expires) const {
    return signer_.sign(kSharePurpose, camera_id, expires);
}

}  // namespace camstream::server::auth
