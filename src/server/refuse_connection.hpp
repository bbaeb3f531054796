#pragma once
// Answers a connection that is over a limit at accept with a short HTTP 503 naming the limit,
// then closes it, without ever waiting: a flood of connections must cost the one network
// thread no more than an accept, a write and a close each.
#include <string_view>

#include "server/websocket_types.hpp"

namespace camstream::server {

// Best effort: one non-blocking write (a new socket's send buffer is empty, so a short answer
// fits), then the socket is closed. A client that already sent its request may see a reset
// instead of the answer.
void refuse_connection(tcp::socket& socket, std::string_view body);

}  // namespace camstream::server
