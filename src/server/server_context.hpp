#pragma once
// What every session needs from the server: the hub, the settings, the open connections.
#include "server/admission.hpp"
#include "server/closed_connections.hpp"
#include "server/connection_registry.hpp"
#include "server/hls_service.hpp"
#include "server/server_config.hpp"
#include "stream/stream_hub.hpp"

namespace camstream::server {

class TlsCertificates;

struct ServerContext {
    const ServerConfig& config;
    stream::StreamHub& hub;
    ConnectionRegistry& connections;
    HlsService& hls;
    ClosedConnections& closed;   // connections the server closed itself, for /metrics
    Admission& admission;        // the limits on connections, viewers and cameras
    const TlsCertificates* tls;  // null: plain TCP
};

}  // namespace camstream::server
