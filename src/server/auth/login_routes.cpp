#include "server/auth/login_routes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

#include "server/auth/request_credentials.hpp"
#include "server/camera_path.hpp"
#include "server/ws_route.hpp"

namespace camstream::server {

namespace {
using Clock = auth::RequestAuthorizer::Clock;

// Only a path on this server: "//host" or "/\host" would send the browser elsewhere.
std::string safe_next(const std::optional<std::string>& next) {
    if (!next || !next->starts_with('/') || next->starts_with("//") ||
        next->find('\\') != std::string::npos) {
        return "/";
    }
    return *next;
}

// A Host header fit to build links from: a name, an IPv4 or [IPv6] address and a port. The
// header is whatever the client sent, and the links go into JSON, which must be UTF-8.
bool plausible_host(std::string_view host) {
    if (host.empty() || host.size() > 255) return false;
    return std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               std::string_view("-._~:[]").find(c) != std::string_view::npos;
    });
}

HttpResponse redirect(const HttpRequest& request, const std::string& location) {
    auto response = text_response(request, http::status::see_other, "see " + location + "\n");
    response.set(http::field::location, location);
    return response;
}

HttpResponse html(const HttpRequest& request, http::status status, std::string page) {
    return text_response(request, status, std::move(page), "text/html; charset=utf-8");
}
}  // namespace

std::optional<HttpResponse> LoginRoutes::handle(const HttpRequest& request) const {
    const std::string_view path = path_of(request.target());
    const bool get = request.method() == http::verb::get || request.method() == http::verb::head;
    const bool post = request.method() == http::verb::post;
    const bool needed = authorizer_.config().viewers_need_login();
    if (path == "/login") {
        if (post) return log_in(request);
        if (get) {
            const auto next = safe_next(auth::query_parameter(request.target(), "next"));
            return html(request, http::status::ok, login_page(next, false, needed));
        }
        return text_response(request, http::status::method_not_allowed, "GET or POST\n");
    }
    if (path == "/logout") {
        if (!post) return text_response(request, http::status::method_not_allowed, "POST only\n");
        auto response = redirect(request, "/login");
        response.set(http::field::set_cookie, authorizer_.logout_cookie());
        return response;
    }
    if (path == "/api/session" && get) {
        const auto decision = authorizer_.decide(request, auth::Access::viewer, {}, Clock::now());
        nlohmann::json body{{"login_required", needed}, {"user", nullptr}};
        if (!decision.user.empty()) body["user"] = decision.user;
        return text_response(request, http::status::ok, body.dump() + "\n", "application/json");
    }
    if (get && path.starts_with("/api/cameras/") && path.ends_with("/share")) {
        // Reuse the snapshot parser for the id rules: ".../share" -> ".../snapshot.jpg".
        const std::string as_snapshot =
            std::string(path.substr(0, path.size() - 5)) + "snapshot.jpg";
        const CameraPath camera = parse_camera_path(as_snapshot);
        if (camera.kind != CameraPath::Kind::snapshot) {
            return text_response(request, http::status::bad_request,
                                 "camera id must be 1-64 characters of A-Z a-z 0-9 _ -\n");
        }
        return share(request, camera.camera_id);
    }
    return std::nullopt;
}

HttpResponse LoginRoutes::log_in(const HttpRequest& request) const {
    const std::string form = "?" + request.body();
    const auto next = safe_next(auth::query_parameter(form, "next"));
    if (!authorizer_.config().viewers_need_login()) return redirect(request, next);
    const auto user = auth::query_parameter(form, "user");
    const auto password = auth::query_parameter(form, "password");
    if (!user || !password || !authorizer_.password_ok(*user, *password)) {
        spdlog::warn("failed login{}", user ? " as '" + *user + "'" : std::string());
        return html(request, http::status::unauthorized, login_page(next, true, true));
    }
    spdlog::info("viewer '{}' logged in", *user);
    auto response = redirect(request, next);
    response.set(http::field::set_cookie, authorizer_.session_cookie(*user, Clock::now()));
    return response;
}

HttpResponse LoginRoutes::share(const HttpRequest& request, const std::string& camera_id) const {
    const auto max = authorizer_.config().max_share_lifetime.count();
    double seconds = 3600;
    if (const auto given = auth::query_parameter(request.target(), "seconds")) {
        try {
            std::size_t used = 0;
            seconds = std::stod(*given, &used);
            if (used != given->size()) seconds = -1;
        } catch (const std::exception&) {
            seconds = -1;
        }
    }
    if (!(seconds >= 1 && seconds <= static_cast<double>(max))) {
        return text_response(request, http::status::bad_request,
                             "seconds must be a number from 1 to " + std::to_string(max) + "\n");
    }
    const std::string_view host = request[http::field::host];
    if (!plausible_host(host)) {
        return text_response(request, http::status::bad_request,
                             "the Host header must be a host name or address, and a port\n");
    }
    const auto expires =
        Clock::now() + std::chrono::seconds(static_cast<long long>(std::llround(seconds)));
    const std::string token = authorizer_.share_token(camera_id, expires);
    const std::string base = std::string(authorizer_.config().secure_cookies ? "https" : "http") +
                             "://" + std::string(host);
    const nlohmann::json body{
        {"camera", camera_id},
        {"expires",
         std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count()},
        {"hls", base + "/share/" + token + "/hls/" + camera_id + "/index.m3u8"},
        {"mjpeg", base + "/api/cameras/" + camera_id + "/mjpeg?token=" + token},
        {"snapshot", base + "/api/cameras/" + camera_id + "/snapshot.jpg?token=" + token},
    };
    return text_response(request, http::status::ok, body.dump() + "\n", "application/json");
}

}  // namespace camstream::server
