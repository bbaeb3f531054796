#pragma once
// The byte stream under every session: plain TCP, or TLS over TCP when the server has a
// certificate, chosen when the connection is accepted. websocket::stream<ServerStream> works
// over both, and beast::get_lowest_layer reaches the tcp_stream (deadlines, the socket).
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "tls/tls_or_plain_stream.hpp"

namespace camstream::server {

class ServerStream : public tls::TlsOrPlainStream<boost::beast::tcp_stream> {
public:
    // TLS with `context` (the server's certificate when the connection came); plain when null.
    ServerStream(boost::asio::ip::tcp::socket&& socket,
                 std::shared_ptr<boost::asio::ssl::context> context)
        : TlsOrPlainStream(std::move(socket), std::move(context)) {}

    boost::asio::ip::tcp::socket& socket() { return next_layer().socket(); }
    // Closes the socket at once (no TLS close_notify): pending operations end with an error.
    void close() { next_layer().close(); }

    // The WebSocket teardown of the base, named for this type: Beast's catch-all template
    // would otherwise match ServerStream& better than the base's overloads and refuse it.
    friend void teardown(boost::beast::role_type role, ServerStream& stream,
                         boost::beast::error_code& ec) {
        teardown(role, static_cast<TlsOrPlainStream&>(stream), ec);
    }
    template <class TeardownHandler>
    friend void async_teardown(boost::beast::role_type role, ServerStream& stream,
                               TeardownHandler&& handler) {
        async_teardown(role, static_cast<TlsOrPlainStream&>(stream),
                       std::forward<TeardownHandler>(handler));
    }
};

}  // namespace camstream::server
