#pragma once
// Which WebSocket endpoint a request target names. Decided before the upgrade, so a bad
// camera id is refused with HTTP 400 and an unknown path with 404, and no socket is wasted.
#include <string>
#include <string_view>

namespace camstream::server {

struct WsRoute {
    enum class Kind { camera, viewer, events, bad_id, not_found };
    Kind kind = Kind::not_found;
    std::string camera_id;  // camera and viewer only
};

// `camera_port_only`: on the camera port any path is the camera "default" unless it is
// /ws/camera/<id>: cameras written for a server that took them on any path keep working.
WsRoute parse_ws_route(std::string_view target, bool camera_port_only);

// The path of a request target (query and fragment cut off), and %XX decoding, which
// returns false for a malformed escape.
bool percent_decode(std::string_view in, std::string& out);
std::string_view path_of(std::string_view target);

}  // namespace camstream::server
