#pragma once
// The client side of TLS for the tests: a test CA and server certificates made with the
// openssl command, a WebSocket viewer and HTTPS requests that trust that CA, and the serial
// number of the certificate a server presents.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "ws_client.hpp"

namespace camstream::test {

// A private CA in `dir` (ca.pem, ca.key). Throws std::runtime_error with openssl's output.
void make_test_ca(const std::string& dir);
// A certificate for localhost and 127.0.0.1 signed by that CA, with this serial (hex), written
// to cert_file/key_file (any names; written beside and renamed into place, as a renewal would).
void make_server_certificate(const std::string& dir, const std::string& serial_hex,
                             const std::string& cert_file, const std::string& key_file);

// A WebSocket client over TLS to 127.0.0.1 that checks the server's certificate against
// `ca_file` and the name `host`. Throws on a failed connection or handshake.
class TlsWsClient {
public:
    TlsWsClient(std::uint16_t port, const std::string& path, const std::string& ca_file,
                const std::string& host = "localhost");
    ~TlsWsClient();
    void send_binary(const std::string& bytes);
    // nullopt on timeout; throws on a closed connection. Skips clock messages.
    std::optional<WsMessage> read(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // The serial number (upper-case hex) of the certificate the server presented.
    std::string peer_serial();

private:
    boost::asio::io_context ioc_;
    boost::asio::ssl::context context_;
    boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>> ws_;
    boost::beast::flat_buffer buffer_;
};

// One HTTPS GET over its own connection, trusting `ca_file`.
HttpResult https_get(std::uint16_t port, const std::string& target, const std::string& ca_file);

}  // namespace camstream::test
