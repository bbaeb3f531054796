#include "camera/core/capture_schedule.hpp"

#include <gtest/gtest.h>

using namespace camstream::camera;
using namespace std::chrono_literals;

namespace {

constexpr Clock::Duration kMaking = 125ms;  // frame2jpg on a QVGA frame

// A capture task and a stream on one simulated clock: the stream asks for a
// frame every `request_every`, the task makes frames (kMaking each) when the
// schedule says so. Counts what a camera would spend.
struct Simulation {
    CaptureSchedule schedule;
    Clock::TimePoint now{std::chrono::seconds(100)};
    Clock::TimePoint next_request = now;
    Clock::TimePoint making_until = Clock::TimePoint::max();  // a frame is being made
    bool frame_waiting = false;
    Clock::TimePoint frame_done_at{};
    int frames_made = 0;
    int requests = 0;
    int requests_served_fresh = 0;  // a frame was there to take
    Clock::Duration worst_age = Clock::Duration::zero();

    void run_for(Clock::Duration length, Clock::Duration request_every) {
        const Clock::TimePoint end = now + length;
        while (now < end) {
            if (making_until != Clock::TimePoint::max() && now >= making_until) {
                making_until = Clock::TimePoint::max();
                schedule.on_made(kMaking);
                ++frames_made;
                frame_waiting = true;
                frame_done_at = now;
            }
            if (now >= next_request) {
                schedule.on_request(now, frame_waiting);
                ++requests;
                if (frame_waiting) {
                    ++requests_served_fresh;
                    worst_age = std::max(worst_age, now - frame_done_at);
                    frame_waiting = false;
                }
                next_request = now + request_every;
            }
            if (making_until == Clock::TimePoint::max() &&
                schedule.next_start(now, frame_waiting) <= now)
                making_until = now + kMaking;
            now += 1ms;
        }
    }
};

}  // namespace

TEST(CaptureSchedule, NothingIsMadeBeforeTheFirstRequestOrLongAfterTheLast) {
    CaptureSchedule schedule;
    const Clock::TimePoint t{std::chrono::seconds(5)};
    EXPECT_FALSE(schedule.wanted(t));
    EXPECT_EQ(schedule.next_start(t, false), Clock::TimePoint::max());
    schedule.on_request(t);
    EXPECT_TRUE(schedule.wanted(t + 1s));
    EXPECT_EQ(schedule.next_start(t + 1s, false), t + 1s);  // rate unknown: at once
    EXPECT_FALSE(schedule.wanted(t + 2s));
    EXPECT_EQ(schedule.next_start(t + 3s, false), Clock::TimePoint::max());
}

TEST(CaptureSchedule, AtTheServersIdlePaceOneFrameIsMadePerRequest) {
    Simulation sim;
    sim.run_for(3s, 66ms);  // streaming at 15 fps first
    const int made_fast = sim.frames_made;
    EXPECT_GE(made_fast, 20);  // back to back: 3 s / 125 ms

    sim.run_for(1100ms, 1s);  // the pace drops to 1 fps
    const int made_before = sim.frames_made;
    const int requests_before = sim.requests;
    const int fresh_before = sim.requests_served_fresh;
    sim.run_for(20s, 1s);
    const int made = sim.frames_made - made_before;
    const int requests = sim.requests - requests_before;
    // One frame per request, where free running would have made 160.
    EXPECT_LE(made, requests + 1);
    EXPECT_GE(made, requests - 1);
    // Each ready in time, and made just before it was asked for.
    EXPECT_GE(sim.requests_served_fresh - fresh_before, requests - 1);
    EXPECT_LE(sim.worst_age, 1s);
}

TEST(CaptureSchedule, FramesMadeAheadAreFreshWhenTaken) {
    Simulation sim;
    sim.run_for(2s, 1s);
    sim.worst_age = Clock::Duration::zero();
    sim.run_for(10s, 1s);
    // Ready the margin (plus a tick) before the request, not a second before.
    EXPECT_LE(sim.worst_age, 60ms);
}

TEST(CaptureSchedule, AnEarlyRequestSwitchesBackToFullRate) {
    Simulation sim;
    sim.run_for(5s, 1s);
    const int made_slow = sim.frames_made;
    // A viewer joins: the server asks for a frame now, then 15 fps.
    sim.run_for(3s, 66ms);
    EXPECT_GE(sim.frames_made - made_slow, 20);
}

// The server asks for a frame "now" between two slow-paced ones: the request
// finds nothing made yet, so making starts at once, not at the planned time.
TEST(CaptureSchedule, ARequestThatFindsNoFrameStartsOneAtOnce) {
    CaptureSchedule schedule;
    const Clock::TimePoint t{std::chrono::seconds(5)};
    schedule.on_made(kMaking);
    schedule.on_request(t, true);
    schedule.on_request(t + 1s, true);
    schedule.on_request(t + 1600ms, false);  // 600 ms: still the slow regime
    EXPECT_EQ(schedule.next_start(t + 1600ms, false), t + 1600ms);
    schedule.on_made(kMaking);
    // Served: back to planning ahead for the next request.
    EXPECT_EQ(schedule.next_start(t + 1725ms, true), Clock::TimePoint::max());
    EXPECT_EQ(schedule.next_start(t + 1800ms, false), t + 2200ms - kMaking - 30ms);
}

TEST(CaptureSchedule, AFastStreamGetsFramesBackToBack) {
    CaptureSchedule schedule;
    const Clock::TimePoint t{std::chrono::seconds(5)};
    schedule.on_made(kMaking);
    schedule.on_request(t);
    schedule.on_request(t + 130ms);
    ASSERT_EQ(schedule.request_gap(), 130ms);
    // Even with a frame waiting: the newest replaces it.
    EXPECT_EQ(schedule.next_start(t + 140ms, true), t + 140ms);
}

TEST(CaptureSchedule, ASlowStreamWaitsUntilJustBeforeItsNextRequest) {
    CaptureSchedule schedule;
    const Clock::TimePoint t{std::chrono::seconds(5)};
    schedule.on_made(kMaking);
    schedule.on_request(t);
    schedule.on_request(t + 1s);
    EXPECT_EQ(schedule.next_start(t + 1s, false), t + 2s - kMaking - 30ms);
    // Made ahead and not taken yet: nothing more until the request.
    EXPECT_EQ(schedule.next_start(t + 1900ms, true), Clock::TimePoint::max());
    // A slower frame moves the start earlier.
    schedule.on_made(300ms);
    EXPECT_EQ(schedule.making_time(), 300ms);
    EXPECT_EQ(schedule.next_start(t + 1s, false), t + 2s - 300ms - 30ms);
}

TEST(CaptureSchedule, APauseForgetsTheRate) {
    CaptureSchedule schedule;
    const Clock::TimePoint t{std::chrono::seconds(5)};
    schedule.on_request(t);
    schedule.on_request(t + 1s);
    schedule.on_request(t + 10s);  // the stream stopped, then came back
    EXPECT_FALSE(schedule.request_gap());
    EXPECT_EQ(schedule.next_start(t + 10s, false), t + 10s);
}
