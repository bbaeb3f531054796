#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>

#include "camera/frame_source.hpp"
#include "camera/transport.hpp"

namespace camstream::camera {

// The camera's streaming state machine: connect, send one JPEG per period,
// and when the server is away or the connection drops, back off (0.5 s
// doubling to 5 s) and reconnect, until a frame/time limit or stop().
//
// It only sees the FrameSource and Transport interfaces and the standard
// library's clock and condition variable, so the same loop can run in an
// ESP-IDF task.
class StreamLoop {
public:
    using Clock = std::chrono::steady_clock;

    struct Options {
        std::string url;
        double fps = 25.0;
        std::uint64_t max_frames = 0;                   // 0 = no limit
        std::chrono::duration<double> max_duration{0};  // 0 = no limit
        std::chrono::milliseconds backoff_initial{500};
        std::chrono::milliseconds backoff_max{5000};
        std::uint32_t stats_every = 30;  // log a rate line every this many frames
    };

    struct Summary {
        std::uint64_t frames_sent = 0;
        std::uint64_t bytes_sent = 0;
        std::uint32_t connections = 0;      // successful connects
        std::uint32_t failed_connects = 0;
        std::uint32_t disconnects = 0;      // connections lost while streaming
        std::uint64_t capture_failures = 0;
        std::chrono::duration<double> elapsed{0};
        bool stopped = false;  // ended by stop() rather than a limit
    };

    StreamLoop(FrameSource& source, Transport& transport, Options options);

    // Blocks until a limit is reached or stop() is called; closes the transport.
    Summary run();

    // Thread-safe: wakes run() from any wait (pacing or backoff) and makes it
    // return. A connect or send in progress finishes first (bounded by the
    // transport's timeouts).
    void stop();
    bool stop_requested() const;

private:
    // Sleeps until `t` unless stop() comes first; false if stopped.
    bool wait_until(Clock::time_point t);

    FrameSource& source_;
    Transport& transport_;
    Options options_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
};

}  // namespace camstream::camera
