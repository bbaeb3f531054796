#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "camera/core/status.hpp"

namespace camstream::camera {

// The connection to the server: Boost.Beast on a PC (WebSocketTransport),
// esp_websocket_client on the device. Called from one thread (the stream
// loop's) only.
//
// connect() may either block until the WebSocket is open (Beast) or only start
// the connection and return (esp_websocket_client_start): the state machine
// polls is_connected() after it and gives up after the same timeout, so both
// kinds work unchanged.
class Transport {
public:
    virtual ~Transport() = default;

    // Opens (or starts opening) a WebSocket to `url` (ws://host[:port]/path),
    // dropping any previous connection first. A failure status means the
    // attempt is already over; its message names the host and the cause.
    virtual Status connect(const std::string& url, std::chrono::milliseconds timeout) = 0;
    // True while the WebSocket is open.
    virtual bool is_connected() const = 0;
    // Sends `size` bytes as exactly one binary message, waiting at most
    // `timeout`. On failure, is_connected() says what is left: still
    // connected means nothing of the message was written (the client was
    // busy; see SendOutcome), so the frame is dropped and the connection
    // carries on; disconnected means a message may be half sent, which cannot
    // be taken back, so the transport has dropped the connection.
    virtual Status send_binary(const std::uint8_t* data, std::size_t size,
                               std::chrono::milliseconds timeout) = 0;
    // Closes politely (WebSocket close 1000) if connected; safe to call twice.
    virtual void close() = 0;
    // Takes the oldest text message the server sent on this connection and not
    // yet taken; false when there is none. Never blocks. A transport queues a
    // few (the newest win when more come than are taken) and forgets them when
    // a new connection opens. The stream loop polls it between frames, so the
    // transport receives in the background (its own task, or pending reads
    // run by poll_text itself). A transport that cannot receive keeps this default.
    virtual bool poll_text(std::string& text) {
        (void)text;
        return false;
    }
};

}  // namespace camstream::camera
