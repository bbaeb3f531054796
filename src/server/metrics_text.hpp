#pragma once
// /metrics in the Prometheus text exposition format, every name prefixed camstream_.
#include <string>
#include <vector>

#include "server/closed_connections.hpp"
#include "stream/camera_snapshot.hpp"

namespace camstream::server {

std::string metrics_text(const std::vector<stream::CameraSnapshot>& cameras,
                         const std::vector<ClosedConnections::Count>& closed = {});

// The limits' figures: connections open now, cameras streaming now (holding a place under
// --max-cameras), and clients refused by a limit, by kind and reason.
std::string limits_metrics_text(std::size_t open_connections, std::size_t streaming_cameras,
                                const std::vector<ClosedConnections::Count>& refused);

}  // namespace camstream::server
