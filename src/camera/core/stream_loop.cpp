#include "camera/core/stream_loop.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "camera/core/duration_text.hpp"

namespace camstream::camera {

StreamLoop::StreamLoop(FrameSource& source, Transport& transport, const Clock& clock, LogSink& log,
                       Options options)
    : clock_{clock},
      log_{log},
      options_{std::move(options)},
      machine_{source, transport, clock, log, options_.jitter_seed} {
    if (!options_.stream.url.empty()) start(options_.stream);
}

void StreamLoop::start(const StreamConfig& config) {
    {
        std::lock_guard<std::mutex> lock{mutex_};
        pending_ = Command::kStart;
        pending_config_ = config;
        status_.enabled = true;
        // Show where this is heading at once, so `stream status` right after
        // `stream start` does not read "idle"; the loop corrects it next step.
        if (status_.state == StreamState::kIdle || status_.url != config.url)
            status_.state = StreamState::kConnecting;
        status_.url = config.url;
    }
    wake_.notify_all();
}

void StreamLoop::stop() {
    {
        std::lock_guard<std::mutex> lock{mutex_};
        pending_ = Command::kStop;
        status_.enabled = false;
        status_.state = StreamState::kIdle;
    }
    wake_.notify_all();
}

void StreamLoop::shutdown() {
    {
        std::lock_guard<std::mutex> lock{mutex_};
        shutdown_ = true;
    }
    wake_.notify_all();
}

StreamStatus StreamLoop::status() const {
    std::lock_guard<std::mutex> lock{mutex_};
    return status_;
}

void StreamLoop::apply_command(std::unique_lock<std::mutex>& lock) {
    const Command command = std::exchange(pending_, Command::kNone);
    if (command == Command::kNone) return;
    const StreamConfig config = pending_config_;
    lock.unlock();
    if (command == Command::kStart)
        machine_.start(config);
    else
        machine_.stop();
    lock.lock();
}

void StreamLoop::publish_status() {
    // A command that came in during the step already set the state it leads to.
    if (pending_ == Command::kNone) status_.state = machine_.state();
    status_.counters = machine_.counters();
    status_.last_error = machine_.last_error();
}

void StreamLoop::wait_until(std::unique_lock<std::mutex>& lock, Clock::TimePoint t) {
    const auto woken = [this] { return shutdown_ || pending_ != Command::kNone; };
    if (t == Clock::TimePoint::max()) {
        wake_.wait(lock, woken);
        return;
    }
    const Clock::Duration left = t - clock_.now();
    if (left > Clock::Duration::zero()) wake_.wait_for(lock, left, woken);
}

StreamLoop::Summary StreamLoop::run() {
    const Clock::TimePoint start = clock_.now();
    const Clock::TimePoint end = options_.max_duration > Clock::Duration::zero()
                                     ? start + options_.max_duration
                                     : Clock::TimePoint::max();
    const auto limit_reached = [&] {
        return (options_.max_frames > 0 &&
                machine_.counters().frames_sent >= options_.max_frames) ||
               clock_.now() >= end;
    };

    std::unique_lock<std::mutex> lock{mutex_};
    while (!shutdown_) {
        apply_command(lock);
        if (shutdown_) break;
        lock.unlock();
        if (limit_reached()) {
            lock.lock();
            break;
        }
        Clock::TimePoint next = machine_.step();
        if (machine_.listening()) {
            // The transport receives in the background: look again soon, so a
            // server's "now" does not wait out a slow pace.
            const Clock::Duration poll = std::max<Clock::Duration>(machine_.config().message_poll,
                                                                   std::chrono::milliseconds(1));
            next = std::min(next, clock_.now() + poll);
        }
        lock.lock();
        publish_status();
        if (limit_reached()) break;
        // A backoff or the wait for a frame never runs past the end of the run.
        wait_until(lock, std::min(next, end));
    }
    lock.unlock();

    machine_.stop();
    Summary summary;
    static_cast<StreamCounters&>(summary) = machine_.counters();
    summary.elapsed = clock_.now() - start;
    lock.lock();
    summary.stopped = shutdown_;
    pending_ = Command::kNone;
    status_.enabled = false;
    publish_status();
    lock.unlock();

    char mib[32];
    std::snprintf(mib, sizeof mib, "%.1f",
                  static_cast<double>(summary.bytes_sent) / (1024.0 * 1024.0));
    log_.info(std::string{summary.stopped ? "stopped" : "done"} + ": sent " +
              std::to_string(summary.frames_sent) + " frames (" + mib + " MiB, " +
              std::to_string(summary.frames_dropped) + " dropped) in " +
              seconds_text(summary.elapsed));
    return summary;
}

}  // namespace camstream::camera
