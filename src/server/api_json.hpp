#pragma once
// The JSON bodies of /status (camera_clients, viewer_clients, streaming: the fields existing
// camera dashboards read) and /api/cameras.
#include <string>
#include <vector>

#include "stream/camera_snapshot.hpp"

namespace camstream::server {

std::string status_json(const std::vector<stream::CameraSnapshot>& cameras);
std::string cameras_json(const std::vector<stream::CameraSnapshot>& cameras);

}  // namespace camstream::server
