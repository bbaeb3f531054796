#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "camera/core/clock.hpp"

namespace camstream::camera {

// Where and how the stream state machine sends frames. Settings::stream_config()
// fills url and frame_interval from the user's settings; the rest are the
// platform's tuning (the defaults suit the device).
struct StreamConfig {
    std::string url;  // ws://host:port/path
    // One frame per interval, on a fixed grid: 66 ms is ~15 fps.
    Clock::Duration frame_interval = std::chrono::milliseconds(66);
    // Bounds one connection attempt: a blocking transport's connect() call,
    // or the wait for an asynchronous one to report it is open.
    std::chrono::milliseconds connect_timeout{5000};
    // Bounds one frame's send. A frame that cannot go out in this time is
    // dropped; the connection too unless nothing of it was written. A few
    // seconds: WiFi stalls for a second now and then, and a frame dropped
    // costs less than a reconnect.
    std::chrono::milliseconds send_timeout{2500};
    std::chrono::milliseconds backoff_initial{500};
    std::chrono::milliseconds backoff_max{5000};
    double backoff_jitter = 0.25;    // see Backoff
    std::uint32_t stats_every = 30;  // log a rate line every this many frames
    // Obey the server's pace messages (see PaceMessage): while one is in force
    // the interval is the longer of frame_interval and 1/fps. Off: ignored.
    bool obey_pace = true;
    // While streaming and obeying, StreamLoop looks for server messages at
    // least this often, so a "now" request does not wait out a slow pace.
    std::chrono::milliseconds message_poll{50};
};

}  // namespace camstream::camera
