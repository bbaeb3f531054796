#pragma once
// A WebSocket peer for the tests (camera or viewer), synchronous to use, with a timeout on
// every read so a test fails instead of hanging.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace camstream::test {

struct WsMessage {
    bool binary = false;
    std::string data;
};

class WsClient {
public:
    // Throws boost::system::system_error if the connection or handshake fails (for an HTTP
    // refusal, the error is beast's bad_handshake-family; `http_status` then has the code).
    WsClient(std::uint16_t port, const std::string& path, int receive_buffer_bytes = 0);
    ~WsClient();

    void send_binary(const std::vector<std::uint8_t>& bytes);
    void send_text(const std::string& text);

    // nullopt on timeout; throws on a closed connection.
    std::optional<WsMessage> read(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Sends a message while reading, as a browser would, so a server that refuses it
    // mid-transfer is heard; returns the close code (0 if none came within the timeout).
    int send_binary_expecting_close(const std::vector<std::uint8_t>& bytes,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Reads until the server closes; returns its close code (0 if the timeout came first).
    int read_until_closed(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void close();

private:
    boost::asio::io_context ioc_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
};

// The HTTP status a refused WebSocket upgrade got (e.g. 400, 404); 101 if it was accepted.
int upgrade_status(std::uint16_t port, const std::string& path);

struct HttpResult {
    int status = 0;
    std::string body;
};
HttpResult http_get(std::uint16_t port, const std::string& target);

}  // namespace camstream::test
