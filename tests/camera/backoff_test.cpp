#include "camera/core/backoff.hpp"

#include <gtest/gtest.h>

using camstream::camera::Backoff;
using namespace std::chrono_literals;

TEST(Backoff, DoublesFromHalfASecondUpToFive) {
    Backoff b{500ms, 5000ms};
    EXPECT_EQ(b.next(), 500ms);
    EXPECT_EQ(b.next(), 1000ms);
    EXPECT_EQ(b.next(), 2000ms);
    EXPECT_EQ(b.next(), 4000ms);
    EXPECT_EQ(b.next(), 5000ms);
    EXPECT_EQ(b.next(), 5000ms);
}

TEST(Backoff, ResetStartsOver) {
    Backoff b{500ms, 5000ms};
    b.next();
    b.next();
    b.reset();
    EXPECT_EQ(b.next(), 500ms);
}

TEST(Backoff, MaxBelowInitialIsRaisedToInitial) {
    Backoff b{500ms, 100ms};
    EXPECT_EQ(b.next(), 500ms);
    EXPECT_EQ(b.next(), 500ms);
}

TEST(Backoff, JitterDrawsWithinTheNominalDelayAndItsLowerBound) {
    Backoff b{500ms, 5000ms, 0.25, 42};
    bool varied = false;
    for (int i = 0; i < 50; ++i) {
        const auto nominal = b.peek();
        const auto d = b.next();
        EXPECT_LE(d, nominal);
        EXPECT_GE(d, nominal * 3 / 4);
        varied = varied || d != nominal;
    }
    EXPECT_TRUE(varied);
    EXPECT_EQ(b.peek(), 5000ms);  // the nominal ladder still caps at max
}

TEST(Backoff, TheSameSeedGivesTheSameDelays) {
    Backoff a{500ms, 5000ms, 0.5, 9}, b{500ms, 5000ms, 0.5, 9};
    for (int i = 0; i < 10; ++i) EXPECT_EQ(a.next(), b.next());
}

TEST(Backoff, JitterIsClampedToOne) {
    Backoff b{1000ms, 1000ms, 7.0, 3};
    for (int i = 0; i < 20; ++i) {
        const auto d = b.next();
        EXPECT_LE(d, 1000ms);
        EXPECT_GE(d, 0ms);  // unclamped, a jitter of 7 would draw negative delays
    }
}
