#include "camera/core/stream_stats.hpp"

#include <chrono>
#include <cinttypes>
#include <cstdio>

namespace camstream::camera {

std::string StreamStats::Report::to_string() const {
    // snprintf, not fmt: this file is part of the portable core.
    char text[160];
    int n = std::snprintf(text, sizeof text,
                          "sent %" PRIu64 " frames (%" PRIu64 " total), %.1f fps, avg %.1f KiB",
                          frames, total_frames, fps, avg_bytes / 1024.0);
    if (dropped > 0 && n > 0 && static_cast<std::size_t>(n) < sizeof text)
        std::snprintf(text + n, sizeof text - static_cast<std::size_t>(n), ", %" PRIu64 " dropped",
                      dropped);
    return text;
}

void StreamStats::restart_window() {
    window_frames_ = 0;
    window_bytes_ = 0;
    window_dropped_ = 0;
    window_intervals_ = 0;
    window_anchor_.reset();
}

std::optional<StreamStats::Report> StreamStats::record(std::size_t bytes, Clock::TimePoint now) {
    ++total_frames_;
    ++window_frames_;
    window_bytes_ += bytes;
    if (window_anchor_)
        ++window_intervals_;
    else
        window_anchor_ = now;
    if (window_frames_ < every_) return std::nullopt;

    Report r;
    r.frames = window_frames_;
    r.total_frames = total_frames_;
    r.dropped = window_dropped_;
    const double seconds = std::chrono::duration<double>(now - *window_anchor_).count();
    r.fps = seconds > 0 ? static_cast<double>(window_intervals_) / seconds : 0.0;
    r.avg_bytes = static_cast<double>(window_bytes_) / static_cast<double>(window_frames_);
    window_frames_ = 0;
    window_bytes_ = 0;
    window_dropped_ = 0;
    window_intervals_ = 0;
    window_anchor_ = now;
    return r;
}

}  // namespace camstream::camera
