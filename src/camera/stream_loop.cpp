#include "camera/stream_loop.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

#include "camera/backoff.hpp"
#include "camera/stream_stats.hpp"

namespace camstream::camera {
namespace {

std::string seconds_text(std::chrono::duration<double> d) { return fmt::format("{:.1f}s", d.count()); }

}  // namespace

StreamLoop::StreamLoop(FrameSource& source, Transport& transport, Options options)
    : source_{source}, transport_{transport}, options_{std::move(options)} {}

void StreamLoop::stop() {
    {
        std::lock_guard lock{mutex_};
        stop_ = true;
    }
    wake_.notify_all();
}

bool StreamLoop::stop_requested() const {
    std::lock_guard lock{mutex_};
    return stop_;
}

bool StreamLoop::wait_until(Clock::time_point t) {
    std::unique_lock lock{mutex_};
    return !wake_.wait_until(lock, t, [this] { return stop_; });
}

StreamLoop::Summary StreamLoop::run() {
    using std::chrono::duration_cast;
    const auto start = Clock::now();
    const auto end = options_.max_duration.count() > 0
                         ? start + duration_cast<Clock::duration>(options_.max_duration)
                         : Clock::time_point::max();
    const double fps = std::max(options_.fps, 0.01);
    const auto period = duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / fps));

    Backoff backoff{options_.backoff_initial, options_.backoff_max};
    StreamStats stats{options_.stats_every};
    Summary summary;
    std::vector<std::uint8_t> jpeg;
    Clock::time_point next_frame = start;
    Clock::time_point connected_at = start;
    std::uint64_t failed_captures_in_a_row = 0;

    auto limit_reached = [&] {
        return (options_.max_frames > 0 && summary.frames_sent >= options_.max_frames) || Clock::now() >= end;
    };
    // Sleeps for a backoff delay, but never past the end of the run.
    auto back_off = [&](Backoff::Duration delay) { wait_until(std::min(Clock::now() + delay, end)); };

    while (!stop_requested() && !limit_reached()) {
        if (!transport_.is_connected()) {
            const Status connected = transport_.connect(options_.url);
            if (!connected) {
                ++summary.failed_connects;
                const auto delay = backoff.next();
                // The transport's message already names the host and the cause.
                spdlog::warn("{}; retrying in {}", connected.message(), seconds_text(delay));
                back_off(delay);
                continue;
            }
            ++summary.connections;
            spdlog::info("connected to {}", options_.url);
            connected_at = Clock::now();
            next_frame = connected_at;
            stats.restart_window();
        }

        if (!wait_until(std::min(next_frame, end)) || Clock::now() >= end) break;

        const Status captured = source_.capture(jpeg);
        if (!captured) {
            // Log the first failure of a streak, not one line per frame.
            if (failed_captures_in_a_row++ == 0) spdlog::error("capture failed: {}", captured.message());
            ++summary.capture_failures;
            next_frame += period;
            continue;
        }
        if (failed_captures_in_a_row > 0) {
            spdlog::info("capture works again after {} failed frames", failed_captures_in_a_row);
            failed_captures_in_a_row = 0;
        }

        const Status sent = transport_.send_binary(jpeg);
        const auto now = Clock::now();
        if (!sent) {
            ++summary.disconnects;
            // A connection that held for a while earns a quick retry; one that
            // keeps dropping right after connecting keeps backing off.
            if (now - connected_at >= options_.backoff_max) backoff.reset();
            const auto delay = backoff.next();
            spdlog::warn("disconnected: {}; retrying in {}", sent.message(), seconds_text(delay));
            transport_.close();
            back_off(delay);
            continue;
        }

        ++summary.frames_sent;
        summary.bytes_sent += jpeg.size();
        if (const auto report = stats.record(jpeg.size(), now)) spdlog::info("{}", report->to_string());

        next_frame += period;
        // Fell more than a frame behind (slow send or encode): skip ahead
        // instead of sending a burst to catch up.
        if (next_frame + period < now) next_frame = now;
    }

    transport_.close();
    summary.elapsed = Clock::now() - start;
    summary.stopped = stop_requested();
    spdlog::info("{}: sent {} frames ({:.1f} MiB) in {}", summary.stopped ? "stopped" : "done", summary.frames_sent,
                 static_cast<double>(summary.bytes_sent) / (1024.0 * 1024.0), seconds_text(summary.elapsed));
    return summary;
}

}  // namespace camstream::camera
