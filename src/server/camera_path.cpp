#include "server/camera_path.hpp"

#include "server/ws_route.hpp"
#include "stream/camera_id.hpp"

namespace camstream::server {

namespace {
// "<id>/<rest>" after `prefix`, or false if the path does not start with it.
bool split(std::string_view path, std::string_view prefix, std::string_view& id,
           std::string_view& rest) {
    if (!path.starts_with(prefix)) return false;
    path.remove_prefix(prefix.size());
    const auto slash = path.find('/');
    if (slash == std::string_view::npos) return false;
    id = path.substr(0, slash);
    rest = path.substr(slash + 1);
    return true;
}

CameraPath with_id(CameraPath::Kind kind, std::string_view raw_id, std::string_view file = {}) {
    std::string id;
    if (!percent_decode(raw_id, id) || !stream::is_valid_camera_id(id)) {
        return {CameraPath::Kind::bad_id, {}, {}};
    }
    return {kind, std::move(id), std::string(file)};
}
}  // namespace

CameraPath parse_camera_path(std::string_view path) {
    std::string_view id;
    std::string_view rest;
    if (split(path, "/api/cameras/", id, rest)) {
        if (rest == "snapshot.jpg") return with_id(CameraPath::Kind::snapshot, id);
        if (rest == "mjpeg") return with_id(CameraPath::Kind::mjpeg, id);
        return {};
    }
    if (split(path, "/hls/", id, rest)) {
        if (rest.empty() || rest.find('/') != std::string_view::npos) return {};
        return with_id(CameraPath::Kind::hls, id, rest);
    }
    return {};
}

}  // namespace camstream::server
