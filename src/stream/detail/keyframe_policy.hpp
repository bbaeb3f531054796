#pragma once
// When a camera's encoder must emit a keyframe: at least every `interval` (so a browser that
// lost a frame recovers), and soon after a viewer asks (a viewer starts at a keyframe), but
// at most one forced keyframe per `min_gap` so a crowd joining at once costs one keyframe.
#include <chrono>
#include <optional>

namespace camstream::stream {

class KeyframePolicy {
public:
    using Clock = std::chrono::steady_clock;

    explicit KeyframePolicy(Clock::duration interval,
                            Clock::duration min_gap = std::chrono::milliseconds(500));

    void request() { requested_ = true; }
    // A fresh encoder starts with a keyframe of its own.
    void reset() { last_keyframe_.reset(); }

    // Asked once per frame before encoding; `now` is the frame's arrival time.
    bool should_force(Clock::time_point now) const;
    void on_keyframe(Clock::time_point now);

private:
    Clock::duration interval_;
    Clock::duration min_gap_;
    bool requested_ = false;
    std::optional<Clock::time_point> last_keyframe_;
};

}  // namespace camstream::stream
