#pragma once

#include <cstddef>

namespace camstream::camera {

// What a failed frame send left behind, which decides whether the connection
// can carry on.
enum class SendOutcome {
    kSent,            // the whole message went out
    kNotSent,         // nothing of it was written: drop the frame, keep the link
    kConnectionLost,  // part of it may have gone: the stream is unusable
};

// For WebSocket clients that return how many bytes of the message they sent
// (`returned`, negative or zero on failure) and keep their own connection
// state, as esp_websocket_client does: it returns -1 before writing anything
// when it cannot take its lock in time (its task holds the lock while it
// sends a PING, for instance) and leaves the connection open; on a write
// error it aborts the connection itself before returning. So a failure after
// which the client still counts itself connected wrote nothing. A short count
// (some bytes, not all) is a half-sent message whatever the client says.
SendOutcome classify_send(long returned, std::size_t size, bool still_connected);

}  // namespace camstream::camera
