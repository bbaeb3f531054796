#include "server/auth/route_access.hpp"

#include "server/camera_path.hpp"
#include "server/ws_route.hpp"

namespace camstream::server {

RouteAccess route_access(const HttpRequest& request, bool camera_port_only) {
    using auth::Access;
    if (websocket::is_upgrade(request)) {
        const WsRoute route = parse_ws_route(request.target(), camera_port_only);
        switch (route.kind) {
            case WsRoute::Kind::camera:
                return {Access::camera, route.camera_id};
            case WsRoute::Kind::viewer:
            case WsRoute::Kind::events:
                return {Access::viewer, {}};
            case WsRoute::Kind::bad_id:
            case WsRoute::Kind::not_found:
                return {Access::open, {}};  // refused as such, with nothing to protect
        }
    }
    if (camera_port_only) return {Access::open, {}};  // /healthz; everything else is 404
    const std::string_view raw = path_of(request.target());
    std::string path;
    if (!percent_decode(raw, path)) return {Access::open, {}};  // 400 for everyone
    // /api/session only says whether a login is needed and who is logged in.
    if (path == "/healthz" || path == "/login" || path == "/logout" || path == "/api/session") {
        return {Access::open, {}};
    }
    if (path == "/metrics") return {Access::metrics, {}};
    const CameraPath camera = parse_camera_path(raw);
    switch (camera.kind) {
        case CameraPath::Kind::snapshot:
        case CameraPath::Kind::mjpeg:
        case CameraPath::Kind::hls:
            return {Access::camera_media, camera.camera_id};
        case CameraPath::Kind::bad_id:
        case CameraPath::Kind::none:
            break;
    }
    if (path == "/status" || path.starts_with("/api/") || path.starts_with("/ws/") ||
        path.starts_with("/hls/")) {
        return {Access::viewer, {}};
    }
    return {Access::page, {}};
}

void unwrap_share_path(HttpRequest& request) {
    constexpr std::string_view prefix = "/share/";
    const std::string_view target = request.target();
    if (!target.starts_with(prefix)) return;
    const auto slash = target.find('/', prefix.size());
    if (slash == std::string_view::npos) return;
    const std::string_view token = target.substr(prefix.size(), slash - prefix.size());
    const std::string_view rest = target.substr(slash);
    if (!rest.starts_with("/hls/") || token.empty()) return;
    // Tokens are base64url, digits and dots: nothing that needs escaping in a query.
    std::string unwrapped(rest);
    unwrapped += rest.find('?') == std::string_view::npos ? "?token=" : "&token=";
    unwrapped += token;
    request.target(unwrapped);
}

}  // namespace camstream::server
