#include "stream/detail/frame_timeline.hpp"

#include <algorithm>

namespace camstream::stream {

namespace {
constexpr std::int64_t kNominalInterval = FrameTimeline::kTicksPerSecond / 25;
constexpr double kSmoothing = 0.125;
}  // namespace

FrameTimeline::Timing FrameTimeline::next(Clock::time_point arrival) {
    const auto since_epoch =
        std::chrono::duration_cast<std::chrono::microseconds>(arrival - epoch_).count();
    Timing t;
    t.pts = std::max(since_epoch * kTicksPerSecond / 1000000, last_pts_ + 1);
    if (last_pts_ >= 0 && last_duration_ > 0) {
        const std::int64_t gap = t.pts - last_pts_;
        t.jump = gap > 2 * last_duration_;
        // A stall is not the camera's frame rate: keep it out of the estimate.
        if (!t.jump) interval_ = interval_ ? *interval_ + (gap - *interval_) * kSmoothing : gap;
    }
    const double interval = interval_.value_or(static_cast<double>(kNominalInterval));
    t.duration = std::clamp<std::int64_t>(static_cast<std::int64_t>(interval * 1.5),
                                          kTicksPerSecond / 1000, kTicksPerSecond);
    last_pts_ = t.pts;
    last_duration_ = t.duration;
    return t;
}

void FrameTimeline::restart() {
    last_duration_ = 0;
    interval_.reset();
}

}  // namespace camstream::stream
