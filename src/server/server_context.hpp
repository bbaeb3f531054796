#pragma once
// What every session needs from the server: the hub, the settings, the open connections.
#include "server/connection_registry.hpp"
#include "server/hls_service.hpp"
#include "server/server_config.hpp"
#include "stream/stream_hub.hpp"

namespace camstream::server {

struct ServerContext {
    const ServerConfig& config;
    stream::StreamHub& hub;
    ConnectionRegistry& connections;
    HlsService& hls;
};

}  // namespace camstream::server
