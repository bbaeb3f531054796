#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "camera/core/clock.hpp"

namespace camstream::camera {

// Counts frames sent and, every `every` frames, yields a report of the rate
// and average size over that window: the periodic "sent 30 frames ..." line.
class StreamStats {
public:
    struct Report {
        std::uint64_t frames = 0;        // in this window
        std::uint64_t total_frames = 0;  // since start
        std::uint64_t dropped = 0;       // frames dropped in this window
        double fps = 0;
        double avg_bytes = 0;

        // "sent 30 frames (120 total), 24.9 fps, avg 23.1 KiB[, 4 dropped]"
        std::string to_string() const;
    };

    explicit StreamStats(std::uint32_t every = 30) : every_{every == 0 ? 1 : every} {}

    // Starts a new window, e.g. after a reconnect, so time spent offline does
    // not drag the rate down. Totals are kept.
    void restart_window();

    std::optional<Report> record(std::size_t bytes, Clock::TimePoint now);
    void record_dropped(std::uint64_t frames = 1) { window_dropped_ += frames; }

private:
    std::uint32_t every_;
    std::uint64_t total_frames_ = 0;
    std::uint64_t window_frames_ = 0;
    std::uint64_t window_bytes_ = 0;
    std::uint64_t window_dropped_ = 0;
    // The rate counts intervals between frames, measured from the frame that
    // ended the previous window (or the window's first frame after a restart).
    std::uint64_t window_intervals_ = 0;
    std::optional<Clock::TimePoint> window_anchor_;
};

}  // namespace camstream::camera
