#include "server/websocket_types.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace camstream::server {

void apply_websocket_timeouts(WsStream& ws, std::chrono::seconds idle) {
    websocket::stream_base::timeout timeout{};
    timeout.handshake_timeout = std::chrono::seconds(10);
    timeout.idle_timeout = idle;
    timeout.keep_alive_pings = true;
    ws.set_option(timeout);
    ws.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "camstream"); }));
}

void limit_unsent_bytes(tcp::socket& socket, int bytes) {
    // Best effort: an older kernel without it only costs freshness for slow clients.
    ::setsockopt(socket.native_handle(), IPPROTO_TCP, TCP_NOTSENT_LOWAT, &bytes, sizeof bytes);
}

std::string describe_peer(const tcp::socket& socket) {
    beast::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    if (ec) return "unknown";
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

}  // namespace camstream::server
