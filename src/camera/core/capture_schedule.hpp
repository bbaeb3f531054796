#pragma once

#include <optional>

#include "camera/core/clock.hpp"

namespace camstream::camera {

// When a capture task that makes frames ahead of the stream (grab and encode
// on a task of its own, the stream taking the newest) should make the next
// one, so that it makes them at the rate they are taken rather than as fast
// as it can: a camera paced down to 1 fps by the server encodes one frame a
// second, not eight, and its CPU (and the sensor's reads) idle in between.
//
// The stream's rate is learnt from the gap between its last two requests
// (capture() calls), so a change of pace takes effect at the next request:
// - a gap short enough that one frame could not be made in between ahead of
//   time (under twice the making time): frames are made back to back, the
//   newest replacing the one before, as before pacing;
// - a longer gap: one frame per request, started so that it is ready just
//   before the next request is expected (making time plus a margin ahead);
// - no request for idle_after plus one gap: nothing is made until the next.
// A request that comes early (the server's "now") finds no new frame: the
// next one is started at once, and the request waits one making time for it.
//
// Pure logic on a Clock's time points, so the host tests drive it; the
// firmware's capture task asks it before each frame. Not thread-safe.
class CaptureSchedule {
public:
    struct Options {
        Clock::Duration idle_after = std::chrono::seconds(2);
        // How long before the expected request a frame should be done.
        Clock::Duration margin = std::chrono::milliseconds(30);
    };

    CaptureSchedule() : CaptureSchedule(Options{}) {}
    explicit CaptureSchedule(Options options) : options_{options} {}

    // The stream asked for a frame at `now`; `frame_waiting`: one was there
    // to take. A request that found none waits, so the next frame starts at
    // once whatever the rate.
    void on_request(Clock::TimePoint now, bool frame_waiting = true);
    // One frame took `took` to grab and encode.
    void on_made(Clock::Duration took);

    // True while the stream has asked for frames recently enough.
    bool wanted(Clock::TimePoint now) const;
    // When to start making the next frame; `frame_waiting`: one made since
    // the last request is still there to take. Clock::TimePoint::max(): not
    // before the next request.
    Clock::TimePoint next_start(Clock::TimePoint now, bool frame_waiting) const;

    // The gap between the last two requests, once there were two.
    std::optional<Clock::Duration> request_gap() const { return gap_; }
    // How long making a frame takes (the slower of the last and the average).
    Clock::Duration making_time() const;

private:
    Options options_;
    std::optional<Clock::TimePoint> last_request_;
    std::optional<Clock::Duration> gap_;
    Clock::Duration last_made_ = Clock::Duration::zero();
    Clock::Duration average_made_ = Clock::Duration::zero();
    bool request_unserved_ = false;  // the last request found no frame; none made since
};

}  // namespace camstream::camera
