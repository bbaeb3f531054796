#include "stream/detail/frame_timeline.hpp"

#include <gtest/gtest.h>

namespace camstream::stream {
namespace {

using namespace std::chrono_literals;

TEST(FrameTimeline, TimestampsAreArrivalTimesIn90kHz) {
    const FrameTimeline::Clock::time_point t0{};
    FrameTimeline timeline(t0);
    EXPECT_EQ(timeline.next(t0 + 1s).pts, 90000);
    EXPECT_EQ(timeline.next(t0 + 1040ms).pts, 93600);
}

TEST(FrameTimeline, DurationsCoverJitterSoMseSeesNoDiscontinuity) {
    const FrameTimeline::Clock::time_point t0{};
    FrameTimeline timeline(t0);
    // 25 fps with +-50% jitter: never a jump, and no gap between a sample's end and the next.
    const int arrivals_ms[] = {0, 40, 60, 120, 160, 180, 240, 300, 320, 380};
    FrameTimeline::Timing previous = timeline.next(t0);
    for (int ms : arrivals_ms) {
        if (ms == 0) continue;
        const auto t = timeline.next(t0 + std::chrono::milliseconds(ms));
        EXPECT_FALSE(t.jump) << ms;
        EXPECT_LE(t.pts - previous.pts, 2 * previous.duration) << ms;
        previous = t;
    }
}

TEST(FrameTimeline, AStallIsAJumpAndDoesNotSkewTheEstimate) {
    const FrameTimeline::Clock::time_point t0{};
    FrameTimeline timeline(t0);
    for (int i = 0; i < 20; ++i) timeline.next(t0 + i * 40ms);
    const auto stalled = timeline.next(t0 + 19 * 40ms + 1s);
    EXPECT_TRUE(stalled.jump);
    EXPECT_NEAR(static_cast<double>(stalled.duration), 1.5 * 3600, 200);
    EXPECT_FALSE(timeline.next(t0 + 19 * 40ms + 1040ms).jump);
}

TEST(FrameTimeline, NeverGoesBackEvenAcrossARestart) {
    const FrameTimeline::Clock::time_point t0{};
    FrameTimeline timeline(t0 + 10s);  // arrivals before the epoch clamp to increasing
    const auto a = timeline.next(t0);
    timeline.restart();
    const auto b = timeline.next(t0);
    EXPECT_GT(b.pts, a.pts);
    EXPECT_FALSE(b.jump);  // after a restart the first frame is a keyframe anyway
}

}  // namespace
}  // namespace camstream::stream
