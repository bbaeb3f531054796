#include "camera/backoff.hpp"

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
