#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "camera/core/transport.hpp"

namespace camstream::camera {

// Transport over Boost.Beast: a blocking WebSocket client, ws:// on plain TCP
// or wss:// over TLS (OpenSSL), checking the server's certificate and name.
// Linux only (the device has its esp_websocket_client transport).
//
// Each blocking call runs Beast's asynchronous operations on a private
// io_context until they finish or a deadline passes (Beast's synchronous calls
// cannot time out). A read is kept pending the whole time, so pings are
// answered, text messages are queued for poll_text, and a close frame from
// the server (e.g. 4000 "replaced") is seen and reported as the reason the
// next send fails. Between calls nothing runs: poll_text runs the handlers of
// whatever arrived meanwhile, without waiting.
//
// Not thread-safe: one thread drives it.
class WebSocketTransport final : public Transport {
public:
    WebSocketTransport();
    ~WebSocketTransport() override;
    WebSocketTransport(const WebSocketTransport&) = delete;
    WebSocketTransport& operator=(const WebSocketTransport&) = delete;

    // For wss:// URLs: the server's certificate must chain to a CA in this PEM
    // file (a private CA) instead of the system's CAs. Its name must match the
    // URL's host either way.
    void trust_ca_file(std::string path);

    // With `on`, a `token=` in the URL's query is sent as "Authorization:
    // Bearer <token>" instead (the device's client can only use the query).
    void send_token_as_bearer(bool on);

    // Blocks until the WebSocket is open or `timeout` (resolve, TCP connect
    // and handshake together) passes.
    Status connect(const std::string& url, std::chrono::milliseconds timeout) override;
    Status send_binary(const std::uint8_t* data, std::size_t size,
                       std::chrono::milliseconds timeout) override;
    bool is_connected() const override;
    void close() override;
    bool poll_text(std::string& text) override;

    // mock-camera's timeouts: 3 s to connect, 5 s per send. The overloads
    // below use them, for callers that drive the transport by hand (tests).
    static constexpr std::chrono::milliseconds kDefaultConnectTimeout{3000};
    static constexpr std::chrono::milliseconds kDefaultSendTimeout{5000};
    Status connect(std::string_view url) {
        return connect(std::string{url}, kDefaultConnectTimeout);
    }
    Status send_binary(std::span<const std::uint8_t> bytes) {
        return send_binary(bytes.data(), bytes.size(), kDefaultSendTimeout);
    }

private:
    struct Impl;  // keeps Beast/Asio out of this header
    std::unique_ptr<Impl> impl_;
};

}  // namespace camstream::camera
