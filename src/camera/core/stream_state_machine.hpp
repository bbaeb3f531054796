#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "camera/core/backoff.hpp"
#include "camera/core/clock.hpp"
#include "camera/core/frame_source.hpp"
#include "camera/core/log_sink.hpp"
#include "camera/core/stream_config.hpp"
#include "camera/core/stream_stats.hpp"
#include "camera/core/stream_status.hpp"
#include "camera/core/transport.hpp"

namespace camstream::camera {

// The camera's one streaming state machine, shared by mock-camera and the
// firmware:
//
//   idle --start--> connecting --open--> streaming --send fails--> backing off
//                      ^  |                                          |
//                      |  +--refused / timed out--> backing off -----+
//                      +------------------- delay over --------------+
//
// It owns no thread and never sleeps: step() does the work that is due now
// (one connect attempt, or one frame) and returns when it next wants to be
// called. StreamLoop calls it on a real clock; the tests on a fake one.
//
// Pacing: frames are due on a grid of frame_interval from the moment the
// connection opens. At most one frame is in flight: a frame whose slot passes
// while the previous one is still being captured or sent is dropped and
// counted (never queued), and the next frame goes as soon as the link is
// free. Memory stays one JPEG buffer however slow the link.
//
// Server pace (config.obey_pace): between frames the machine takes the text
// messages the transport received. A pace message (PaceMessage) stretches the
// interval to max(frame_interval, 1/fps), never shortens it, re-timing the
// next frame from the last one sent; "now" sends the next frame at once (but
// not within frame_interval of the last), and the grid carries on from it.
// A new connection starts at frame_interval again: the server re-sends its pace.
//
// A send that fails with the transport still connected wrote nothing (see
// Transport::send_binary): the frame is dropped and counted, the connection
// kept; only kMaxUnsentInARow of those in a row reset it.
//
// Backoff: failed connects and lost connections wait Backoff delays (doubling,
// capped, with jitter); a connection that held for backoff_max earns a fresh
// start, one that keeps dropping right after connecting keeps backing off.
//
// Not thread-safe: one thread calls everything (StreamLoop makes it safe).
class StreamStateMachine {
public:
    StreamStateMachine(FrameSource& source, Transport& transport, const Clock& clock, LogSink& log,
                       std::uint32_t jitter_seed = 1);

    // See StreamControl::start().
    void start(const StreamConfig& config);
    // To idle from any state, closing the transport.
    void stop();

    // Does what is due and returns the time of the next step;
    // Clock::TimePoint::max() when idle (nothing until start()).
    Clock::TimePoint step();

    StreamState state() const { return state_; }
    const StreamCounters& counters() const { return counters_; }
    const std::string& last_error() const { return last_error_; }
    // When the backoff ends (meaningful while backing off).
    Clock::TimePoint retry_at() const { return retry_at_; }
    // The capacity of the one frame buffer, to show memory stays flat.
    std::size_t frame_buffer_capacity() const { return jpeg_.capacity(); }
    // The interval frames go at now: frame_interval, stretched by a server pace.
    Clock::Duration current_interval() const;
    // The fps of the server pace in force; nothing when none is (or obeying is off).
    std::optional<double> server_pace() const { return server_fps_; }
    // True while a server message could change what is due: StreamLoop then
    // steps at least every config.message_poll.
    bool listening() const { return state_ == StreamState::kStreaming && config_.obey_pace; }
    const StreamConfig& config() const { return config_; }

    // A send that fails without writing anything (the transport still
    // connected) drops its frame and keeps the connection, this many times in
    // a row; the next such failure resets the connection, which is stuck.
    static constexpr int kMaxUnsentInARow = 3;
    // How often an asynchronous connect is polled for being open.
    static constexpr std::chrono::milliseconds kConnectPoll{20};
    // The longest interval a pace can ask for; a smaller fps counts as this.
    static constexpr std::chrono::seconds kMaxPaceInterval{60};

private:
    Clock::TimePoint step_connecting(Clock::TimePoint now);
    Clock::TimePoint step_streaming(Clock::TimePoint now);
    void on_connected(Clock::TimePoint now);
    // Enters backing off; `lost_connection` distinguishes a drop from a failed connect.
    Clock::TimePoint back_off(const std::string& reason, bool lost_connection,
                              Clock::TimePoint now);
    // Moves the frame grid past `now`, counting the slots that went by unused.
    void advance_schedule(Clock::TimePoint now);
    void note_capture_failure(const Status& captured);
    // Applies the server's messages received since the last step.
    void take_messages(Clock::TimePoint now);
    void apply_pace(double fps, bool send_now, Clock::TimePoint now);
    // Back to frame_interval (new connection, or obeying turned off).
    void forget_pace();

    FrameSource& source_;
    Transport& transport_;
    const Clock& clock_;
    LogSink& log_;
    std::uint32_t jitter_seed_;

    StreamConfig config_;
    Backoff backoff_;
    StreamStats stats_;
    StreamState state_ = StreamState::kIdle;
    StreamCounters counters_;
    std::string last_error_;
    std::vector<std::uint8_t> jpeg_;

    bool connect_started_ = false;
    Clock::TimePoint connect_deadline_{};
    Clock::TimePoint connected_at_{};
    Clock::TimePoint next_due_{};
    Clock::TimePoint retry_at_{};
    std::uint64_t failed_captures_in_a_row_ = 0;
    int unsent_in_a_row_ = 0;  // sends that failed with the link still up

    std::string message_;                // the last text message taken
    std::optional<double> server_fps_;   // the pace in force
    std::optional<double> ignored_fps_;  // the last pace ignored (obey_pace off), to log once
    std::optional<Clock::TimePoint>
        last_slot_;  // the slot of the last frame sent on this connection
};

}  // namespace camstream::camera
