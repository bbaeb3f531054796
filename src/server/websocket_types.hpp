#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <string>

#include "server/server_stream.hpp"

namespace camstream::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

using WsStream = websocket::stream<ServerStream>;
using HttpRequest = http::request<http::string_body>;

// Timeouts for both kinds of WebSocket peer: a camera whose WiFi dropped or a browser tab that
// vanished is noticed by missing pongs within `idle` instead of holding a slot forever.
void apply_websocket_timeouts(WsStream& ws, std::chrono::seconds idle);

// Keeps at most about `bytes` written but not yet sent in the kernel for this socket
// (TCP_NOTSENT_LOWAT). Without it a slow client's kernel buffer grows to megabytes and holds
// seconds of frames that are stale when they arrive; with it the backlog stays in our own
// queue, which skips ahead to fresh frames.
void limit_unsent_bytes(tcp::socket& socket, int bytes);

// "address:port" of the peer, for log lines.
std::string describe_peer(const tcp::socket& socket);

}  // namespace camstream::server
