#include "stream/detail/keyframe_policy.hpp"

#include <gtest/gtest.h>

namespace camstream::stream {
namespace {

using namespace std::chrono_literals;
using Clock = KeyframePolicy::Clock;

TEST(KeyframePolicy, FirstFrameAndEveryIntervalAreKeyframes) {
    KeyframePolicy policy(2s);
    const Clock::time_point t0{};
    EXPECT_TRUE(policy.should_force(t0));
    policy.on_keyframe(t0);
    EXPECT_FALSE(policy.should_force(t0 + 1999ms));
    EXPECT_TRUE(policy.should_force(t0 + 2s));
}

TEST(KeyframePolicy, ACrowdJoiningCostsOneKeyframePerHalfSecond) {
    KeyframePolicy policy(10s, 500ms);
    const Clock::time_point t0{};
    policy.on_keyframe(t0);
    policy.request();
    EXPECT_FALSE(policy.should_force(t0 + 100ms));  // too soon after the last one
    EXPECT_TRUE(policy.should_force(t0 + 500ms));
    policy.on_keyframe(t0 + 500ms);
    for (int i = 0; i < 100; ++i) policy.request();
    EXPECT_FALSE(policy.should_force(t0 + 600ms));
    EXPECT_TRUE(policy.should_force(t0 + 1000ms));
    policy.on_keyframe(t0 + 1000ms);
    EXPECT_FALSE(policy.should_force(t0 + 2000ms));  // nobody asked again
}

TEST(KeyframePolicy, ResetMeansTheNextFrameIsAKeyframe) {
    KeyframePolicy policy(10s);
    policy.on_keyframe(Clock::time_point{});
    policy.reset();
    EXPECT_TRUE(policy.should_force(Clock::time_point{} + 1ms));
}

}  // namespace
}  // namespace camstream::stream
