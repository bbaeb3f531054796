#pragma once

#include <chrono>
#include <memory>

#include "camera/transport.hpp"

namespace camstream::camera {

// Transport over Boost.Beast: a blocking WebSocket client on plain TCP.
//
// Each blocking call runs Beast's asynchronous operations on a private
// io_context until they finish or a deadline passes (Beast's synchronous calls
// cannot time out). A read is kept pending the whole time, so pings are
// answered and a close frame from the server (e.g. 4000 "replaced") is seen
// and reported as the reason the next send fails.
//
// Not thread-safe: one thread drives it.
class WebSocketTransport final : public Transport {
public:
    struct Timeouts {
        // Resolve + TCP connect + WebSocket handshake, together.
        std::chrono::milliseconds connect{3000};
        // One frame; a server that stops reading for this long is treated as gone.
        std::chrono::milliseconds send{5000};
        // Waiting for the server's reply to our close frame.
        std::chrono::milliseconds close{1000};
    };

    WebSocketTransport();
    explicit WebSocketTransport(Timeouts timeouts);
    ~WebSocketTransport() override;
    WebSocketTransport(const WebSocketTransport&) = delete;
    WebSocketTransport& operator=(const WebSocketTransport&) = delete;

    Status connect(std::string_view url) override;
    Status send_binary(std::span<const std::uint8_t> bytes) override;
    bool is_connected() const override;
    void close() override;

private:
    struct Impl;  // keeps Beast/Asio out of this header
    std::unique_ptr<Impl> impl_;
};

}  // namespace camstream::camera
