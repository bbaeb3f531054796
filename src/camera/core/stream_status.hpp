#pragma once

#include <cstdint>
#include <string>

#include "camera/core/clock.hpp"

namespace camstream::camera {

// idle -> connecting -> streaming -> backing off -> connecting ...; stop()
// returns to idle from anywhere.
enum class StreamState { kIdle, kConnecting, kStreaming, kBackingOff };

// "idle", "connecting", "streaming", "backing-off".
const char* to_string(StreamState state);

// Totals since the stream loop was created (start/stop do not reset them).
struct StreamCounters {
    std::uint64_t frames_sent = 0;
    std::uint64_t bytes_sent = 0;
    // Frames that were due but never went out: the link was still busy with
    // the previous frame (at most one is in flight), or their send failed.
    std::uint64_t frames_dropped = 0;
    std::uint64_t capture_failures = 0;
    std::uint32_t connections = 0;      // successful connects
    std::uint32_t failed_connects = 0;  // refused, failed or timed out
    std::uint32_t disconnects = 0;      // connections lost while streaming
};

// A snapshot for `stream status`.
struct StreamStatus {
    bool enabled = false;  // start() was the last command (`stream status` prints streaming=on)
    StreamState state = StreamState::kIdle;
    std::string url;  // the target of the last start()
    StreamCounters counters;
    std::string last_error;  // why the last connect or send failed; empty if none since
};

}  // namespace camstream::camera
