#include "camera/core/stream_state_machine.hpp"

#include <algorithm>

#include "camera/core/duration_text.hpp"

namespace camstream::camera {

StreamStateMachine::StreamStateMachine(FrameSource& source, Transport& transport,
                                       const Clock& clock, LogSink& log, std::uint32_t jitter_seed)
    : source_{source},
      transport_{transport},
      clock_{clock},
      log_{log},
      jitter_seed_{jitter_seed},
      backoff_{config_.backoff_initial, config_.backoff_max, config_.backoff_jitter, jitter_seed},
      stats_{config_.stats_every} {}

void StreamStateMachine::start(const StreamConfig& config) {
    const bool same_target = state_ != StreamState::kIdle && config.url == config_.url;
    config_ = config;
    if (config_.frame_interval <= Clock::Duration::zero())
        config_.frame_interval = std::chrono::milliseconds(1);
    if (same_target) {
        // Only the pacing or tuning changed; keep the connection. A start while
        // backing off means "try now".
        if (state_ == StreamState::kBackingOff) {
            state_ = StreamState::kConnecting;
            connect_started_ = false;
        }
        return;
    }
    transport_.close();
    backoff_ = Backoff{config_.backoff_initial, config_.backoff_max, config_.backoff_jitter,
                       jitter_seed_++};
    stats_ = StreamStats{config_.stats_every};
    state_ = StreamState::kConnecting;
    connect_started_ = false;
    last_error_.clear();
    log_.info("streaming to " + config_.url);
}

void StreamStateMachine::stop() {
    if (state_ == StreamState::kIdle) return;
    transport_.close();
    state_ = StreamState::kIdle;
    log_.info("stopped streaming to " + config_.url);
}

Clock::TimePoint StreamStateMachine::step() {
    const Clock::TimePoint now = clock_.now();
    switch (state_) {
        case StreamState::kIdle:
            return Clock::TimePoint::max();
        case StreamState::kConnecting:
            return step_connecting(now);
        case StreamState::kStreaming:
            return step_streaming(now);
        case StreamState::kBackingOff:
            if (now < retry_at_) return retry_at_;
            state_ = StreamState::kConnecting;
            connect_started_ = false;
            return step_connecting(now);
    }
    return Clock::TimePoint::max();
}

Clock::TimePoint StreamStateMachine::step_connecting(Clock::TimePoint now) {
    if (!connect_started_) {
        connect_started_ = true;
        connect_deadline_ = now + config_.connect_timeout;
        const Status started = transport_.connect(config_.url, config_.connect_timeout);
        now = clock_.now();
        if (!started) {
            ++counters_.failed_connects;
            transport_.close();
            // The transport's message already names the host and the cause.
            return back_off(started.message(), false, now);
        }
    }
    if (transport_.is_connected()) {
        on_connected(now);
        return now;  // the first frame is due at once
    }
    if (now >= connect_deadline_) {
        ++counters_.failed_connects;
        transport_.close();
        return back_off("timed out after " + seconds_text(config_.connect_timeout) +
                            " connecting to " + config_.url,
                        false, now);
    }
    return std::min(connect_deadline_, now + kConnectPoll);
}

void StreamStateMachine::on_connected(Clock::TimePoint now) {
    state_ = StreamState::kStreaming;
    ++counters_.connections;
    connected_at_ = now;
    next_due_ = now;
    last_error_.clear();
    stats_.restart_window();
    log_.info("connected to " + config_.url);
}

Clock::TimePoint StreamStateMachine::step_streaming(Clock::TimePoint now) {
    if (!transport_.is_connected()) {
        // An asynchronous transport learns of a drop between frames.
        ++counters_.disconnects;
        transport_.close();
        return back_off("connection lost", true, now);
    }
    if (now < next_due_) return next_due_;

    const Status captured = source_.capture(jpeg_);
    if (!captured) {
        note_capture_failure(captured);
        advance_schedule(clock_.now());
        return next_due_;
    }
    if (failed_captures_in_a_row_ > 0) {
        log_.info("capture works again after " + std::to_string(failed_captures_in_a_row_) +
                  " failed frames");
        failed_captures_in_a_row_ = 0;
    }

    const Status sent = transport_.send_binary(jpeg_.data(), jpeg_.size(), config_.send_timeout);
    const Clock::TimePoint after = clock_.now();
    if (!sent) {
        // The frame could not be sent in time (or at all): it is dropped, and
        // the connection, with a message possibly half sent, is gone.
        ++counters_.frames_dropped;
        stats_.record_dropped();
        ++counters_.disconnects;
        transport_.close();
        return back_off(sent.message(), true, after);
    }
    ++counters_.frames_sent;
    counters_.bytes_sent += jpeg_.size();
    if (const auto report = stats_.record(jpeg_.size(), after)) log_.info(report->to_string());
    advance_schedule(after);
    return next_due_;
}

void StreamStateMachine::advance_schedule(Clock::TimePoint now) {
    next_due_ += config_.frame_interval;
    if (now < next_due_ + config_.frame_interval) return;
    // Whole slots went by while this frame was captured and sent. Their
    // frames are not queued behind it: they are dropped, and the next one
    // goes out as soon as the link is free (within one interval of its slot).
    const auto missed = (now - next_due_) / config_.frame_interval;
    next_due_ += missed * config_.frame_interval;
    counters_.frames_dropped += static_cast<std::uint64_t>(missed);
    stats_.record_dropped(static_cast<std::uint64_t>(missed));
}

void StreamStateMachine::note_capture_failure(const Status& captured) {
    ++counters_.capture_failures;
    // Log the first failure of a streak, not one line per frame.
    if (failed_captures_in_a_row_++ == 0) log_.error("capture failed: " + captured.message());
}

Clock::TimePoint StreamStateMachine::back_off(const std::string& reason, bool lost_connection,
                                              Clock::TimePoint now) {
    if (lost_connection && now - connected_at_ >= config_.backoff_max) backoff_.reset();
    const Backoff::Duration delay = backoff_.next();
    last_error_ = reason;
    state_ = StreamState::kBackingOff;
    retry_at_ = now + delay;
    log_.warn((lost_connection ? "disconnected: " : "") + reason + "; retrying in " +
              seconds_text(delay));
    return retry_at_;
}

}  // namespace camstream::camera
