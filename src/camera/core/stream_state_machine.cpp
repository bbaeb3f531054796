#include "camera/core/stream_state_machine.hpp"

#include <algorithm>
#include <cstdio>

#include "camera/core/duration_text.hpp"
#include "camera/core/pace_message.hpp"

namespace camstream::camera {
namespace {

// "1", "0.5", "12.5": two decimals at most, no trailing zeros ("0.002" and
// below in two significant digits).
std::string fps_text(double fps) {
    char text[32];
    if (fps < 0.01) {
        std::snprintf(text, sizeof text, "%.2g", fps);
        return text;
    }
    std::snprintf(text, sizeof text, "%.2f", fps);
    std::string s{text};
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
}

double fps_of(Clock::Duration interval) {
    return 1.0 / std::chrono::duration<double>(interval).count();
}

}  // namespace

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
        if (!config_.obey_pace) forget_pace();
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
    unsent_in_a_row_ = 0;
    last_slot_.reset();
    last_error_.clear();
    stats_.restart_window();
    log_.info("connected to " + config_.url);
    // A pace belongs to the connection it came on; the server re-sends it.
    forget_pace();
    ignored_fps_.reset();
}

Clock::TimePoint StreamStateMachine::step_streaming(Clock::TimePoint now) {
    // First: taking messages may also be how the transport learns of a drop.
    take_messages(now);
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
        // The frame could not be sent in time (or at all): it is dropped.
        ++counters_.frames_dropped;
        stats_.record_dropped();
        if (transport_.is_connected() && ++unsent_in_a_row_ <= kMaxUnsentInARow) {
            // Nothing of it was written, so the stream is intact: carry on.
            if (unsent_in_a_row_ == 1)
                log_.warn("frame dropped, connection kept: " + sent.message());
            advance_schedule(after);
            return next_due_;
        }
        // A message possibly half sent, or a link that takes nothing: gone.
        ++counters_.disconnects;
        transport_.close();
        return back_off(sent.message(), true, after);
    }
    unsent_in_a_row_ = 0;
    ++counters_.frames_sent;
    counters_.bytes_sent += jpeg_.size();
    if (const auto report = stats_.record(jpeg_.size(), after)) log_.info(report->to_string());
    last_slot_ = next_due_;
    advance_schedule(after);
    return next_due_;
}

void StreamStateMachine::advance_schedule(Clock::TimePoint now) {
    const Clock::Duration interval = current_interval();
    next_due_ += interval;
    if (now < next_due_ + interval) return;
    // Whole slots went by while this frame was captured and sent. Their
    // frames are not queued behind it: they are dropped, and the next one
    // goes out as soon as the link is free (within one interval of its slot).
    const auto missed = (now - next_due_) / interval;
    next_due_ += missed * interval;
    counters_.frames_dropped += static_cast<std::uint64_t>(missed);
    stats_.record_dropped(static_cast<std::uint64_t>(missed));
}

void StreamStateMachine::note_capture_failure(const Status& captured) {
    ++counters_.capture_failures;
    // Log the first failure of a streak, not one line per frame.
    if (failed_captures_in_a_row_++ == 0) log_.error("capture failed: " + captured.message());
}

Clock::Duration StreamStateMachine::current_interval() const {
    if (!server_fps_) return config_.frame_interval;
    const double seconds =
        std::min(1.0 / *server_fps_, static_cast<double>(kMaxPaceInterval.count()));
    const auto paced =
        std::chrono::duration_cast<Clock::Duration>(std::chrono::duration<double>(seconds));
    return std::max(config_.frame_interval, paced);
}

void StreamStateMachine::take_messages(Clock::TimePoint now) {
    while (transport_.poll_text(message_)) {
        // Other messages are for other versions of the camera: ignored.
        if (const auto pace = PaceMessage::parse(message_)) apply_pace(pace->fps, pace->now, now);
    }
}

void StreamStateMachine::apply_pace(double fps, bool send_now, Clock::TimePoint now) {
    if (!config_.obey_pace) {
        if (ignored_fps_ != fps)
            log_.info("pace: server asks " + fps_text(fps) + " fps; ignored (pacing off)");
        ignored_fps_ = fps;
        return;
    }
    const Clock::Duration before = current_interval();
    const bool changed = server_fps_ != fps;
    server_fps_ = fps;
    const Clock::Duration interval = current_interval();
    if (changed) {
        log_.info(interval > config_.frame_interval
                      ? "pace: " + fps_text(fps) + " fps (server)"
                      : "pace: " + fps_text(fps_of(interval)) + " fps (configured; server allows " +
                            fps_text(fps) + ")");
    }
    // Re-time the next frame from the last one: a slower pace waits longer, a
    // faster one may make it due at once.
    if (last_slot_ && interval != before) next_due_ = std::max(now, *last_slot_ + interval);
    if (send_now) {
        const Clock::TimePoint earliest =
            last_slot_ ? std::max(now, *last_slot_ + config_.frame_interval) : now;
        next_due_ = std::min(next_due_, earliest);
    }
}

void StreamStateMachine::forget_pace() {
    if (!server_fps_) return;
    server_fps_.reset();
    if (last_slot_) next_due_ = std::min(next_due_, *last_slot_ + config_.frame_interval);
    log_.info("pace: " + fps_text(fps_of(config_.frame_interval)) + " fps (configured)");
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
