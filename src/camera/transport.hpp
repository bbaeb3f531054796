#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "camera/status.hpp"

namespace camstream::camera {

// The connection to the server: Boost.Beast on a PC, esp_websocket_client on
// the device. Blocking calls with their own timeouts keep the stream loop a
// plain sequential state machine on both.
class Transport {
public:
    virtual ~Transport() = default;

    // Opens a WebSocket to `url` (ws://host[:port]/path), dropping any
    // previous connection first.
    virtual Status connect(std::string_view url) = 0;
    // Sends `bytes` as exactly one binary message. On failure the transport
    // is disconnected and the status says why (e.g. the server's close reason).
    virtual Status send_binary(std::span<const std::uint8_t> bytes) = 0;
    virtual bool is_connected() const = 0;
    // Closes politely (WebSocket close 1000) if connected; safe to call twice.
    virtual void close() = 0;
};

}  // namespace camstream::camera
