#pragma once
// Which per-camera HTTP endpoint a (percent-decoded) path names:
//   /api/cameras/<id>/snapshot.jpg   the latest JPEG
//   /api/cameras/<id>/mjpeg          the camera's JPEGs as multipart/x-mixed-replace
//   /hls/<id>/<file>                 the HLS playlist, init segments, segments and parts
#include <string>
#include <string_view>

namespace camstream::server {

struct CameraPath {
    enum class Kind { none, snapshot, mjpeg, hls, bad_id };
    Kind kind = Kind::none;
    std::string camera_id;
    std::string file;  // hls only: the name after the id, e.g. "index.m3u8"
};

// `raw_path` is the request target's path as sent (not yet percent-decoded): it is split at
// its slashes first and the id decoded after, so an encoded slash (a%2Fb) is part of the id
// and refused as a bad id, as on the WebSocket endpoints.
CameraPath parse_camera_path(std::string_view raw_path);

}  // namespace camstream::server
