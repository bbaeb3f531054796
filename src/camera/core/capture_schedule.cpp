#include "camera/core/capture_schedule.hpp"

#include <algorithm>

namespace camstream::camera {

void CaptureSchedule::on_request(Clock::TimePoint now, bool frame_waiting) {
    request_unserved_ = !frame_waiting;
    if (last_request_ && now >= *last_request_) {
        const Clock::Duration gap = now - *last_request_;
        // After a pause the gap says nothing about the stream's rate.
        if (gap < options_.idle_after + gap_.value_or(Clock::Duration::zero()))
            gap_ = gap;
        else
            gap_.reset();
    }
    last_request_ = now;
}

void CaptureSchedule::on_made(Clock::Duration took) {
    request_unserved_ = false;
    last_made_ = took;
    // A slow average (1/8 per frame) keeps one quick frame from making the
    // next start late.
    average_made_ = average_made_ == Clock::Duration::zero()
                        ? took
                        : average_made_ + (took - average_made_) / 8;
}

Clock::Duration CaptureSchedule::making_time() const {
    return std::max(last_made_, average_made_);
}

bool CaptureSchedule::wanted(Clock::TimePoint now) const {
    return last_request_ &&
           now - *last_request_ < options_.idle_after + gap_.value_or(Clock::Duration::zero());
}

Clock::TimePoint CaptureSchedule::next_start(Clock::TimePoint now, bool frame_waiting) const {
    if (!wanted(now)) return Clock::TimePoint::max();
    if (request_unserved_) return now;  // someone is waiting for this frame
    const Clock::Duration making = making_time();
    // Rate unknown yet, or too fast to make frames ahead one at a time.
    if (!gap_ || *gap_ < 2 * making + options_.margin) return now;
    if (frame_waiting) return Clock::TimePoint::max();
    const Clock::TimePoint start = *last_request_ + *gap_ - making - options_.margin;
    return std::max(start, now);
}

}  // namespace camstream::camera
