#pragma once
// Decode timestamps and sample durations for one camera's fragments, from the frames' arrival
// times. Two things shape them:
//  - They never go back, across reconnects and size changes, so a viewer keeps one timeline.
//  - Each fragment holds one frame whose duration must be written before the next frame
//    exists. Media Source Extensions treat a decode-time jump of more than twice the previous
//    sample's duration as a discontinuity and drop frames up to the next keyframe. So the
//    duration is a generous estimate (1.5x the smoothed frame interval: WiFi jitter fits in
//    it, and an overlap of half a frame is harmless), and a jump that still exceeds twice it
//    (the camera stalled) is reported so that frame can be made a keyframe.
#include <chrono>
#include <cstdint>
#include <optional>

namespace camstream::stream {

class FrameTimeline {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::int64_t kTicksPerSecond = 90000;

    explicit FrameTimeline(Clock::time_point epoch) : epoch_(epoch) {}

    struct Timing {
        std::int64_t pts = 0;       // 90 kHz since the epoch
        std::int64_t duration = 0;  // 90 kHz
        bool jump = false;          // MSE would see a discontinuity: make this a keyframe
    };
    Timing next(Clock::time_point arrival);

    // The camera went away: the next frame starts a new stream (with a keyframe), so the
    // interval estimate starts afresh; timestamps still only go forward.
    void restart();

private:
    Clock::time_point epoch_;
    std::int64_t last_pts_ = -1;
    std::int64_t last_duration_ = 0;
    std::optional<double> interval_;  // smoothed ticks between frames
};

}  // namespace camstream::stream
