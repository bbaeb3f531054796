#include "camera/core/stream_stats.hpp"

#include <gtest/gtest.h>

using camstream::camera::Clock;
using camstream::camera::StreamStats;
using namespace std::chrono_literals;

TEST(StreamStats, ReportsEveryNFramesWithRateAndAverageSize) {
    StreamStats stats{30};
    const auto t0 = Clock::TimePoint{} + 100s;
    std::optional<StreamStats::Report> report;
    for (int i = 0; i < 30; ++i) {
        report = stats.record(1024 * (i % 2 ? 20 : 26), t0 + i * 40ms);
        if (i < 29) {
            EXPECT_FALSE(report);
        }
    }
    ASSERT_TRUE(report);
    EXPECT_EQ(report->frames, 30u);
    EXPECT_EQ(report->total_frames, 30u);
    EXPECT_NEAR(report->fps, 25.0, 0.01);  // 29 intervals of 40 ms
    EXPECT_NEAR(report->avg_bytes, 23 * 1024.0, 0.01);
    EXPECT_EQ(report->to_string(), "sent 30 frames (30 total), 25.0 fps, avg 23.0 KiB");

    // The second window counts from the frame that closed the first.
    const auto t1 = t0 + 29 * 40ms;
    for (int k = 1; k <= 30; ++k) report = stats.record(1000, t1 + k * 50ms);
    ASSERT_TRUE(report);
    EXPECT_NEAR(report->fps, 20.0, 0.01);  // 30 intervals of 50 ms
    EXPECT_EQ(report->total_frames, 60u);
}

TEST(StreamStats, RestartWindowIgnoresTimeOffline) {
    StreamStats stats{3};
    const auto t0 = Clock::TimePoint{} + 100s;
    (void)stats.record(100, t0);
    (void)stats.record(100, t0 + 100ms);
    stats.restart_window();  // reconnect 10 s later
    (void)stats.record(100, t0 + 10s);
    (void)stats.record(100, t0 + 10s + 100ms);
    const auto report = stats.record(100, t0 + 10s + 200ms);
    ASSERT_TRUE(report);
    EXPECT_NEAR(report->fps, 10.0, 0.01);
    EXPECT_EQ(report->total_frames, 5u);
}

TEST(StreamStats, ReportsDropsInTheWindow) {
    StreamStats stats{2};
    const auto t0 = Clock::TimePoint{} + 100s;
    (void)stats.record(2048, t0);
    stats.record_dropped(3);
    const auto report = stats.record(2048, t0 + 100ms);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->dropped, 3u);
    EXPECT_EQ(report->to_string(), "sent 2 frames (2 total), 10.0 fps, avg 2.0 KiB, 3 dropped");
    stats.record_dropped();
    stats.restart_window();  // a reconnect forgets the old window's drops
    (void)stats.record(2048, t0 + 1s);
    EXPECT_EQ(stats.record(2048, t0 + 1100ms)->dropped, 0u);
}
