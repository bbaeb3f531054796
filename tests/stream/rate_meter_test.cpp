#include "stream/detail/rate_meter.hpp"

#include <gtest/gtest.h>

namespace camstream::stream {
namespace {

using namespace std::chrono_literals;

TEST(RateMeter, MeasuresEventsAndBytesOverTheWindow) {
    RateMeter meter(3s);
    const RateMeter::Clock::time_point t0{};
    for (int i = 0; i <= 50; ++i) meter.record(t0 + i * 40ms, 1000);  // 25 fps, 1000 B each
    EXPECT_NEAR(meter.events_per_second(t0 + 2s), 25.0, 0.01);
    EXPECT_NEAR(meter.bytes_per_second(t0 + 2s), 25000.0, 1.0);
    EXPECT_EQ(meter.average_bytes(), 1000u);
}

TEST(RateMeter, ForgetsWhatIsOlderThanTheWindow) {
    RateMeter meter(1s);
    const RateMeter::Clock::time_point t0{};
    meter.record(t0, 10);
    meter.record(t0 + 100ms, 10);
    EXPECT_GT(meter.events_per_second(t0 + 200ms), 0.0);
    EXPECT_EQ(meter.events_per_second(t0 + 5s), 0.0);
}

TEST(RateMeter, MemoryStaysBoundedUnderAFloodOfTinyMessages) {
    // A camera sending a million 1-byte messages in 3 s must not cost an entry per message.
    RateMeter meter(3s);
    const RateMeter::Clock::time_point t0{};
    for (int i = 0; i < 1'000'000; ++i) meter.record(t0 + i * 3us, 1);
    EXPECT_LE(meter.slots_in_use(), static_cast<std::size_t>(RateMeter::kSlotsPerWindow) + 1);
    // The figures stay right: 1e6 events over 3 s, give or take the window's slot steps.
    EXPECT_NEAR(meter.events_per_second(t0 + 3s), 333'333.0, 333'333.0 * 0.05);
    EXPECT_EQ(meter.average_bytes(), 1u);
}

TEST(RateMeter, FollowsARateChange) {
    RateMeter meter(1s);
    const RateMeter::Clock::time_point t0{};
    for (int i = 0; i < 100; ++i) meter.record(t0 + i * 10ms, 100);  // 100 fps for 1 s
    for (int i = 1; i <= 20; ++i) meter.record(t0 + 1s + i * 100ms, 100);  // then 10 fps
    EXPECT_NEAR(meter.events_per_second(t0 + 3s), 10.0, 1.0);
    EXPECT_NEAR(meter.bytes_per_second(t0 + 3s), 1000.0, 100.0);
}

}  // namespace
}  // namespace camstream::stream
