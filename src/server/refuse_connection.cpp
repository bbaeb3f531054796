#include "server/refuse_connection.hpp"

#include <array>
#include <string>

namespace camstream::server {

void refuse_connection(tcp::socket& socket, std::string_view body) {
    const std::string response =
        "HTTP/1.1 503 Service Unavailable\r\nServer: camstream\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + std::string(body);
    beast::error_code ec;
    socket.non_blocking(true, ec);
    if (!ec) socket.write_some(net::buffer(response), ec);
    // Closing with unread bytes makes the kernel send a reset, which can discard the answer
    // before the client reads it: take what has arrived so far (a request, at most a few KiB).
    std::array<char, 4096> sink;
    for (int i = 0; i < 16 && !ec; ++i) {
        if (socket.read_some(net::buffer(sink), ec) == 0) break;
    }
    socket.shutdown(tcp::socket::shutdown_both, ec);
    socket.close(ec);
}

}  // namespace camstream::server
