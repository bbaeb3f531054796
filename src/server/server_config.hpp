#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "hls/hls_settings.hpp"
#include "server/auth/auth_config.hpp"
#include "stream/stream_config.hpp"

namespace camstream::server {

struct ServerConfig {
    std::string listen_address = "0.0.0.0";
    std::uint16_t http_port = 8080;  // web client, API, viewers and cameras; 0: any free port
    int camera_port = 8765;          // cameras only, on any path; -1: off
    std::string web_root;
    // PEM files; both set: https:// and wss:// on both ports, both empty: plain HTTP.
    std::string tls_cert;
    std::string tls_key;
    std::size_t max_message_bytes = 4 * 1024 * 1024;
    std::chrono::seconds stats_interval{10};
    std::chrono::seconds idle_timeout{10};  // a silent camera or viewer is dropped after this
    // A viewer (WebSocket, events, MJPEG) whose one message takes longer than this to write
    // has stopped reading and is closed, even if it still answers pings.
    std::chrono::milliseconds write_deadline{10000};
    std::size_t media_threads = 0;         // 0: one per core
    std::size_t viewer_queue_frames = 30;  // a WebSocket viewer's queue, in frames
    // Limits on what clients hold at once; over one, a client gets 503 naming it.
    std::size_t max_connections = 1024;            // open TCP connections, every kind
    std::size_t max_connections_per_address = 64;  // from one peer address
    std::size_t max_viewers_per_camera = 100;      // WebSocket viewers and MJPEG clients
    std::size_t max_cameras = 256;                 // camera ids streaming at once
    stream::StreamConfig stream;
    hls::HlsSettings hls;
    auth::AuthConfig auth;  // who may publish and who may watch; empty: anyone
};

}  // namespace camstream::server
