#include "server/auth/access_guard.hpp"

#include <spdlog/spdlog.h>

#include "server/auth/route_access.hpp"
#include "server/refusal_log.hpp"
#include "server/ws_route.hpp"

namespace camstream::server {

namespace {
// Browsers mark their requests with Sec-Fetch-Mode. They get no Basic challenge, which would
// pop up the browser's own password box over the page: the page shows its login instead.
// Players and curl get one, so they can answer with a user and password.
bool from_browser(const HttpRequest& request) {
    return request.find("Sec-Fetch-Mode") != request.end();
}

// The page to come back to after logging in: only a path on this server.
std::string login_location(const HttpRequest& request) {
    std::string next;
    for (char c : std::string_view(request.target())) {
        if (std::isalnum(static_cast<unsigned char>(c)) ||
            std::string_view("/-_.~").find(c) != std::string_view::npos) {
            next += c;
        } else {
            static constexpr char hex[] = "0123456789ABCDEF";
            next += '%';
            next += hex[(static_cast<unsigned char>(c) >> 4) & 15];
            next += hex[static_cast<unsigned char>(c) & 15];
        }
    }
    return next == "/" ? "/login" : "/login?next=" + next;
}

HttpResponse refusal(const HttpRequest& request, const auth::Decision& decision,
                     auth::Access access) {
    using Kind = auth::Decision::Kind;
    switch (decision.kind) {
        case Kind::login: {
            auto response = text_response(request, http::status::found, "log in first\n");
            response.set(http::field::location, login_location(request));
            return response;
        }
        case Kind::forbidden:
            return text_response(request, http::status::forbidden, decision.reason + "\n");
        case Kind::unauthorized:
        case Kind::allow:
            break;
    }
    auto response = text_response(request, http::status::unauthorized, decision.reason + "\n");
    if (access == auth::Access::camera || access == auth::Access::metrics) {
        response.set(http::field::www_authenticate, "Bearer realm=\"camstream\"");
    } else if (!from_browser(request)) {
        response.set(http::field::www_authenticate, "Basic realm=\"camstream\", charset=\"UTF-8\"");
    } else {
        response.set(http::field::www_authenticate,
                     "Session realm=\"camstream\", login=\"/login\"");
    }
    return response;
}

std::string_view what(auth::Access access) {
    switch (access) {
        case auth::Access::camera:
            return "camera";
        case auth::Access::metrics:
            return "metrics";
        case auth::Access::camera_media:
            return "camera stream";
        default:
            return "viewer";
    }
}
}  // namespace

AccessGuard::AccessGuard(const auth::AuthConfig& config, bool camera_port_only)
    : authorizer_(config), camera_port_only_(camera_port_only) {}

std::optional<HttpResponse> AccessGuard::check(HttpRequest& request,
                                               const std::string& peer_address) {
    if (!camera_port_only_) unwrap_share_path(request);
    const RouteAccess route = route_access(request, camera_port_only_);
    const auth::Decision decision = authorizer_.decide(request, route.access, route.camera_id,
                                                       auth::RequestAuthorizer::Clock::now());
    if (decision.allowed()) return std::nullopt;
    if (decision.kind != auth::Decision::Kind::login) {
        // The path only: a query may hold a token. One line per address a minute, whatever
        // the reason, so a camera retrying with a wrong token logs once.
        // One log for both ports, which have a guard each: once per address, not per port.
        static RefusalLog log;
        log.refuse(RefusalLog::Clock::now(), peer_address, "credentials",
                   std::string(what(route.access)) + " " + std::string(path_of(request.target())) +
                       " (" + decision.reason + ")");
    }
    return refusal(request, decision, route.access);
}

}  // namespace camstream::server
