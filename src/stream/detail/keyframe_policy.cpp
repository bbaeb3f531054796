#include "stream/detail/keyframe_policy.hpp"

namespace camstream::stream {

KeyframePolicy::KeyframePolicy(Clock::duration interval, Clock::duration min_gap)
    : interval_(interval), min_gap_(min_gap) {}

bool KeyframePolicy::should_force(Clock::time_point now) const {
    if (!last_keyframe_) return true;
    const auto since = now - *last_keyframe_;
    if (since >= interval_) return true;
    return requested_ && since >= min_gap_;
}

void KeyframePolicy::on_keyframe(Clock::time_point now) {
    last_keyframe_ = now;
    requested_ = false;
}

}  // namespace camstream::stream
