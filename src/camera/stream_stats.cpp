#include "camera/stream_stats.hpp"

#include <fmt/format.h>

namespace camstream::camera {

std::string StreamStats::Report::to_string() const {
    return fmt::format("sent {} frames ({} total), {:.1f} fps, avg {:.1f} KiB", frames, total_frames, fps,
                       avg_bytes / 1024.0);
}

void StreamStats::restart_window() {
    window_frames_ = 0;
    window_bytes_ = 0;
    window_intervals_ = 0;
    window_anchor_.reset();
}

std::optional<StreamStats::Report> StreamStats::record(std::size_t bytes, Clock::time_point now) {
    ++total_frames_;
    total_bytes_ += bytes;
    ++window_frames_;
    window_bytes_ += bytes;
    if (window_anchor_) ++window_intervals_;
    else window_anchor_ = now;
    if (window_frames_ < every_) return std::nullopt;

    Report r;
    r.frames = window_frames_;
    r.total_frames = total_frames_;
    const double seconds = std::chrono::duration<double>(now - *window_anchor_).count();
    r.fps = seconds > 0 ? static_cast<double>(window_intervals_) / seconds : 0.0;
    r.avg_bytes = static_cast<double>(window_bytes_) / static_cast<double>(window_frames_);
    window_frames_ = 0;
    window_bytes_ = 0;
    window_intervals_ = 0;
    window_anchor_ = now;
    return r;
}

}  // namespace camstream::camera
