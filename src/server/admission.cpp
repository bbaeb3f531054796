#include "server/admission.hpp"

namespace camstream::server {

namespace {
SlotTable::Caps connection_caps(const ServerConfig& config) {
    SlotTable::Caps caps;
    caps.total = config.max_connections;
    caps.per_key = config.max_connections_per_address;
    return caps;
}
SlotTable::Caps viewer_caps(const ServerConfig& config) {
    SlotTable::Caps caps;
    caps.per_key = config.max_viewers_per_camera;
    return caps;
}
SlotTable::Caps camera_caps(const ServerConfig& config) {
    SlotTable::Caps caps;
    caps.keys = config.max_cameras;
    return caps;
}
}  // namespace

Admission::Admission(const ServerConfig& config)
    : config_(config),
      connections_(connection_caps(config)),
      viewers_(viewer_caps(config)),
      cameras_(camera_caps(config)),
      refused_({{"connection", "max_connections"},
                {"connection", "max_connections_per_address"},
                {"websocket", "max_viewers_per_camera"},
                {"mjpeg", "max_viewers_per_camera"},
                {"camera", "max_cameras"}}) {}

Admission::Ticket Admission::connection(const std::string& address) {
    SlotTable::Refusal why = SlotTable::Refusal::none;
    if (auto slot = connections_.take(address, &why)) return {std::move(slot), {}};
    if (why == SlotTable::Refusal::per_key) {
        const auto limit = std::to_string(config_.max_connections_per_address);
        return refuse(
            "connection", "max_connections_per_address", address,
            "a connection: its address has " + limit + " open (--max-connections-per-address)",
            "your address already has the most connections this server allows one "
            "address (" +
                limit + ", --max-connections-per-address)\n");
    }
    const auto limit = std::to_string(config_.max_connections);
    return refuse("connection", "max_connections", address,
                  "a connection: " + limit + " are open (--max-connections)",
                  "this server already has the most connections it allows (" + limit +
                      ", --max-connections)\n");
}

Admission::Ticket Admission::viewer(const std::string& camera_id, const std::string& kind,
                                    const std::string& address) {
    if (auto slot = viewers_.take(camera_id)) return {std::move(slot), {}};
    const auto limit = std::to_string(config_.max_viewers_per_camera);
    return refuse(kind, "max_viewers_per_camera", address,
                  "a " + kind + " viewer of " + camera_id + ": it has " + limit +
                      " (--max-viewers-per-camera)",
                  "camera '" + camera_id + "' already has the most viewers this server allows (" +
                      limit + ", --max-viewers-per-camera)\n");
}

Admission::Ticket Admission::camera(const std::string& camera_id, const std::string& address) {
    if (auto slot = cameras_.take(camera_id)) return {std::move(slot), {}};
    const auto limit = std::to_string(config_.max_cameras);
    return refuse("camera", "max_cameras", address,
                  "camera " + camera_id + ": " + limit + " cameras are streaming (--max-cameras)",
                  "this server already streams the most cameras it allows at once (" + limit +
                      ", --max-cameras); camera '" + camera_id + "' is not one of them\n");
}

Admission::Ticket Admission::refuse(const std::string& kind, const std::string& reason,
                                    const std::string& address, const std::string& what,
                                    std::string body) {
    refused_.count(kind, reason);
    log_.refuse(RefusalLog::Clock::now(), address, reason, what);
    return {std::nullopt, std::move(body)};
}

std::string peer_address(const tcp::socket& socket) {
    beast::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    if (ec) return {};
    return endpoint.address().to_string();
}

}  // namespace camstream::server
