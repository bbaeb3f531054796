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

}  // namespace
}  // namespace camstream::stream
