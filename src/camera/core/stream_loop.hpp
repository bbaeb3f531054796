#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "camera/core/clock.hpp"
#include "camera/core/frame_source.hpp"
#include "camera/core/log_sink.hpp"
#include "camera/core/stream_config.hpp"
#include "camera/core/stream_control.hpp"
#include "camera/core/stream_state_machine.hpp"
#include "camera/core/stream_status.hpp"
#include "camera/core/transport.hpp"

namespace camstream::camera {

// Runs the StreamStateMachine on a thread of its own (a std::thread in
// mock-camera, a FreeRTOS task on the device): run() steps the machine and
// sleeps until its next step, and wakes early for commands from other threads
// (start/stop from the console, shutdown from a signal). While streaming
// with obey_pace it steps at least every config.message_poll, for the
// server's messages the transport received meanwhile.
//
// It waits with a condition variable in real time, so give it a real Clock
// (SteadyClock); the machine itself is what the fake-clock tests drive.
class StreamLoop final : public StreamControl {
public:
    struct Options {
        // Streams there from the start of run() when the url is not empty;
        // otherwise run() idles until start().
        StreamConfig stream;
        std::uint64_t max_frames = 0;  // run() returns after this many sent; 0 = no limit
        Clock::Duration max_duration = Clock::Duration::zero();  // 0 = no limit
        std::uint32_t jitter_seed = 1;
    };

    struct Summary : StreamCounters {
        Clock::Duration elapsed = Clock::Duration::zero();
        bool stopped = false;  // ended by shutdown() rather than a limit
    };

    StreamLoop(FrameSource& source, Transport& transport, const Clock& clock, LogSink& log,
               Options options);

    // Blocks until shutdown() or a limit; closes the transport before returning.
    Summary run();

    // Thread-safe: makes run() return. A connect or send in progress finishes
    // first (bounded by its timeout).
    void shutdown();

    // StreamControl; thread-safe.
    void start(const StreamConfig& config) override;
    void stop() override;
    StreamStatus status() const override;

private:
    enum class Command { kNone, kStart, kStop };

    // Applies the latest start/stop, if any, to the machine (lock released meanwhile).
    void apply_command(std::unique_lock<std::mutex>& lock);
    void publish_status();  // call with the lock held
    // Sleeps until `t` or a command / shutdown, whichever is first.
    void wait_until(std::unique_lock<std::mutex>& lock, Clock::TimePoint t);

    const Clock& clock_;
    LogSink& log_;
    Options options_;
    StreamStateMachine machine_;  // touched by the run() thread only

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool shutdown_ = false;
    // Only the last command matters: start and stop are "be in this state".
    Command pending_ = Command::kNone;
    StreamConfig pending_config_;
    StreamStatus status_;
};

}  // namespace camstream::camera
