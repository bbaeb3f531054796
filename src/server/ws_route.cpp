#include "server/ws_route.hpp"

#include "stream/camera_id.hpp"

namespace camstream::server {

namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// "/ws/camera", "/ws/camera/" -> "default"; "/ws/camera/x" -> "x"; anything else: no match.
bool match_prefix(std::string_view path, std::string_view prefix, std::string& id) {
    if (path.substr(0, prefix.size()) != prefix) return false;
    std::string_view rest = path.substr(prefix.size());
    if (rest.empty() || rest == "/") {
        id = stream::kDefaultCameraId;
        return true;
    }
    if (rest.front() != '/') return false;
    id = rest.substr(1);
    return true;
}
}  // namespace

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find_first_of("?#"));
}

bool percent_decode(std::string_view in, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
            continue;
        }
        if (i + 2 >= in.size()) return false;
        const int hi = hex_value(in[i + 1]);
        const int lo = hex_value(in[i + 2]);
        if (hi < 0 || lo < 0) return false;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return true;
}

WsRoute parse_ws_route(std::string_view target, bool camera_port_only) {
    std::string path;
    if (!percent_decode(path_of(target), path)) return {WsRoute::Kind::bad_id, {}};
    WsRoute route;
    if (!camera_port_only && (path == "/ws/events" || path == "/ws/events/")) {
        return {WsRoute::Kind::events, {}};
    }
    if (match_prefix(path, "/ws/camera", route.camera_id)) {
        route.kind = WsRoute::Kind::camera;
    } else if (!camera_port_only && match_prefix(path, "/ws/viewer", route.camera_id)) {
        route.kind = WsRoute::Kind::viewer;
    } else if (camera_port_only) {
        // A browser pointed at this port must not take the place of the camera "default".
        if (path.starts_with("/ws/viewer") || path.starts_with("/ws/events")) {
            return {WsRoute::Kind::not_found, {}};
        }
        return {WsRoute::Kind::camera, std::string(stream::kDefaultCameraId)};
    } else {
        return {WsRoute::Kind::not_found, {}};
    }
    if (!stream::is_valid_camera_id(route.camera_id)) return {WsRoute::Kind::bad_id, {}};
    return route;
}

}  // namespace camstream::server
