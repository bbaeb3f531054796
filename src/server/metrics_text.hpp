#pragma once
// /metrics in the Prometheus text exposition format, every name prefixed camstream_.
#include <string>
#include <vector>

#include "server/closed_connections.hpp"
#include "stream/camera_snapshot.hpp"

namespace camstream::server {

std::string metrics_text(const std::vector<stream::CameraSnapshot>& cameras,
                         const std::vector<ClosedConnections::Count>& closed = {});

}  // namespace camstream::server
