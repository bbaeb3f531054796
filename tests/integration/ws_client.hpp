#pragma once
// A WebSocket peer for the tests (camera or viewer), synchronous to use, with a timeout on
// every read so a test fails instead of hanging.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace camstream::test {

// Extra request header fields (Authorization, Cookie, Origin, ...), name -> value.
using HeaderFields = std::map<std::string, std::string>;

struct WsMessage {
    bool binary = false;
    std::string data;
};

class WsClient {
public:
    // Throws boost::system::system_error if the connection or handshake fails (for an HTTP
    // refusal, the error is beast's bad_handshake-family; `http_status` then has the code).
    WsClient(std::uint16_t port, const std::string& path, int receive_buffer_bytes = 0,
             const HeaderFields& headers = {});
    ~WsClient();

    void send_binary(const std::vector<std::uint8_t>& bytes);
    void send_text(const std::string& text);
    // A WebSocket ping, as a browser's keep-alive would send; false once the connection is
    // gone (reset or closed by the server).
    bool send_ping();

    // nullopt on timeout; throws on a closed connection. Skips the server's clock messages
    // ({"type":"clock",...}), which a viewer gets first and as answers: most tests look at
    // the stream itself.
    std::optional<WsMessage> read(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Every message, clock messages included.
    std::optional<WsMessage> read_any(std::chrono::milliseconds timeout = std::chrono::seconds(10));
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
int upgrade_status(std::uint16_t port, const std::string& path, const HeaderFields& headers = {});

struct HttpResult {
    int status = 0;
    std::string body;
};
HttpResult http_get(std::uint16_t port, const std::string& target);

// A response head as sent: status and fields (names lower-cased).
struct HttpHead {
    int status = 0;
    std::map<std::string, std::string> fields;
    bool has(const std::string& name) const { return fields.contains(name); }
    std::string field(const std::string& name) const;
};

// One raw HTTP/1.1 connection, for tests that look at the framing itself: several requests
// on one kept-alive connection, HEAD, a streamed body read part by part. Every read has a
// timeout; a timed-out read loses nothing, so the connection can be read again.
class HttpConnection {
public:
    // receive_buffer_bytes > 0 sets SO_RCVBUF before connecting: a client that then stops
    // reading fills up quickly.
    explicit HttpConnection(std::uint16_t port, int receive_buffer_bytes = 0);
    ~HttpConnection();

    void send_request(const std::string& method, const std::string& target,
                      const HeaderFields& headers = {}, const std::string& body = {});
    // nullopt on timeout; throws std::runtime_error if the server closes first or the head
    // is malformed.
    std::optional<HttpHead> read_head(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Exactly n body bytes; nullopt on timeout; throws if the server closes first.
    std::optional<std::string> read_exactly(
        std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // The next complete part of a multipart body with this boundary, or nullopt on timeout
    // (what arrived of a part so far is kept for the next call). Throws if the server closes
    // or a part is malformed.
    struct Part {
        std::map<std::string, std::string> fields;  // names lower-cased
        std::string body;
    };
    std::optional<Part> read_part(const std::string& boundary,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Reads and discards until the server closes; false if the timeout came first.
    bool wait_closed(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void close();

private:
    enum class Fill { data, timeout, closed };
    Fill fill(std::chrono::steady_clock::time_point deadline);

    boost::asio::io_context ioc_;
    boost::asio::ip::tcp::socket socket_;
    std::string buffer_;  // received, not yet consumed
};

// One request on its own connection: the head and the body (Content-Length bytes; none for
// HEAD).
struct HttpExchange {
    HttpHead head;
    std::string body;
};
HttpExchange http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const HeaderFields& headers = {}, const std::string& body = {});

}  // namespace camstream::test
