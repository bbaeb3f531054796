#include "camera/core/stream_state_machine.hpp"

#include "camera/core/send_outcome.hpp"

#include <gtest/gtest.h>

#include "counting_source.hpp"
#include "fake_clock.hpp"
#include "fake_transport.hpp"
#include "recording_log_sink.hpp"

using namespace camstream::camera;
using namespace camstream::camera::testing;
using namespace std::chrono_literals;

namespace {

class StreamStateMachineTest : public ::testing::Test {
protected:
    StreamConfig config(Clock::Duration interval = 100ms) {
        StreamConfig c;
        c.url = "ws://fake:8080/ws/camera";
        c.frame_interval = interval;
        return c;
    }

    // Steps the machine, jumping the clock to each requested time, until
    // `span` has passed (or the machine goes idle).
    void run_for(Clock::Duration span) {
        const auto end = clock.now() + span;
        while (clock.now() < end) {
            const auto next = machine.step();
            if (next == Clock::TimePoint::max()) return;
            if (next > clock.now()) clock.advance(std::min(next, end) - clock.now());
        }
    }

    Clock::Duration backoff_delay() const { return machine.retry_at() - clock.now(); }

    FakeClock clock;
    FakeTransport transport{&clock};
    CountingSource source;
    RecordingLogSink log;
    StreamStateMachine machine{source, transport, clock, log, 7};
};

}  // namespace

TEST_F(StreamStateMachineTest, StaysIdleUntilStarted) {
    EXPECT_EQ(machine.state(), StreamState::kIdle);
    EXPECT_EQ(machine.step(), Clock::TimePoint::max());
    EXPECT_EQ(transport.connect_calls, 0);
}

TEST_F(StreamStateMachineTest, ConnectsThenSendsOneFramePerInterval) {
    machine.start(config(100ms));
    EXPECT_EQ(machine.state(), StreamState::kConnecting);
    EXPECT_EQ(machine.step(), clock.now());  // connected: the first frame is due at once
    EXPECT_EQ(machine.state(), StreamState::kStreaming);
    EXPECT_EQ(transport.last_url, "ws://fake:8080/ws/camera");
    EXPECT_EQ(transport.last_connect_timeout, 5000ms);

    const auto t0 = clock.now();
    EXPECT_EQ(machine.step(), t0 + 100ms);
    EXPECT_EQ(transport.frames, 1u);
    clock.advance(40ms);
    EXPECT_EQ(machine.step(), t0 + 100ms);  // not due yet: nothing sent
    EXPECT_EQ(transport.frames, 1u);
    clock.advance(60ms);
    EXPECT_EQ(machine.step(), t0 + 200ms);
    EXPECT_EQ(transport.frames, 2u);

    run_for(1s);
    EXPECT_EQ(machine.counters().frames_sent, 11u);
    EXPECT_EQ(machine.counters().bytes_sent, 55u);
    EXPECT_EQ(machine.counters().frames_dropped, 0u);
    EXPECT_EQ(machine.counters().connections, 1u);
    EXPECT_EQ(transport.last_send_timeout, 2500ms);
    EXPECT_TRUE(log.contains("connected to ws://fake:8080/ws/camera"));
}

TEST_F(StreamStateMachineTest, FailedConnectsBackOffGrowingToTheCapWithJitterWithinBounds) {
    transport.refuse_connects = 1'000;
    machine.start(config());
    bool some_jitter = false;
    for (int attempt = 0; attempt < 10; ++attempt) {
        const int calls = transport.connect_calls;
        machine.step();
        ASSERT_EQ(transport.connect_calls, calls + 1);
        ASSERT_EQ(machine.state(), StreamState::kBackingOff);
        const auto nominal = std::chrono::milliseconds(std::min(500 << std::min(attempt, 4), 5000));
        const auto delay = backoff_delay();
        EXPECT_LE(delay, nominal) << "attempt " << attempt;
        EXPECT_GE(delay, nominal * 3 / 4) << "attempt " << attempt;  // jitter 0.25
        some_jitter = some_jitter || delay != nominal;

        // Nothing happens before the delay is over.
        clock.advance(delay - 1ms);
        machine.step();
        ASSERT_EQ(transport.connect_calls, calls + 1);
        clock.advance(1ms);
    }
    EXPECT_TRUE(some_jitter);
    EXPECT_EQ(machine.counters().failed_connects, 10u);
    EXPECT_EQ(machine.counters().connections, 0u);
    EXPECT_EQ(machine.last_error(), "cannot connect to fake: connection refused");
    EXPECT_TRUE(log.contains("cannot connect to fake: connection refused; retrying in"));
}

TEST_F(StreamStateMachineTest, ReconnectsAfterTheConnectionDropsMidStream) {
    transport.fail_send_at = 3;
    machine.start(config(100ms));
    run_for(250ms);  // frames 1 and 2 go, the third send fails
    EXPECT_EQ(machine.state(), StreamState::kBackingOff);
    EXPECT_EQ(machine.counters().frames_sent, 2u);
    EXPECT_EQ(machine.counters().frames_dropped, 1u);
    EXPECT_EQ(machine.counters().disconnects, 1u);
    EXPECT_EQ(machine.last_error(), "connection reset (fake)");
    EXPECT_TRUE(log.contains("disconnected: connection reset (fake); retrying in"));
    EXPECT_GE(transport.close_calls, 1);

    run_for(1s);
    EXPECT_EQ(machine.state(), StreamState::kStreaming);
    EXPECT_EQ(machine.counters().connections, 2u);
    EXPECT_GT(machine.counters().frames_sent, 2u);
    EXPECT_EQ(machine.last_error(), "");
}

TEST_F(StreamStateMachineTest, ALinkDropSeenBetweenFramesAlsoReconnects) {
    machine.start(config(100ms));
    run_for(50ms);
    transport.connected = false;  // an asynchronous transport's disconnect event
    clock.advance(50ms);
    machine.step();
    EXPECT_EQ(machine.state(), StreamState::kBackingOff);
    EXPECT_EQ(machine.last_error(), "connection lost");
    EXPECT_EQ(machine.counters().disconnects, 1u);
    run_for(1s);
    EXPECT_EQ(machine.counters().connections, 2u);
}

TEST_F(StreamStateMachineTest, AConnectionThatHeldEarnsAFreshBackoff) {
    transport.refuse_connects = 3;  // 500, 1000, 2000 ms
    machine.start(config(100ms));
    run_for(4s);
    ASSERT_EQ(machine.state(), StreamState::kStreaming);
    run_for(6s);  // longer than backoff_max
    transport.connected = false;
    machine.step();
    ASSERT_EQ(machine.state(), StreamState::kBackingOff);
    EXPECT_LE(backoff_delay(), 500ms);
    EXPECT_GE(backoff_delay(), 375ms);
}

TEST_F(StreamStateMachineTest, ASlowLinkDropsAndCountsFramesInsteadOfQueueingThem) {
    // Each send takes 2.5 frame intervals.
    transport.send_duration = 250ms;
    machine.start(config(100ms));
    machine.step();  // connect
    machine.step();  // first frame
    const std::size_t capacity = machine.frame_buffer_capacity();
    const auto start = clock.now();
    run_for(20s);
    const auto& c = machine.counters();
    const auto slots = static_cast<std::uint64_t>((clock.now() - start) / 100ms);

    EXPECT_EQ(transport.max_in_flight, 1);  // never more than one frame in flight
    EXPECT_EQ(machine.state(), StreamState::kStreaming);
    EXPECT_EQ(c.disconnects, 0u);
    EXPECT_GT(c.frames_dropped, c.frames_sent);  // 1.5 dropped per frame sent
    // Every slot is accounted for: sent, or dropped.
    EXPECT_NEAR(static_cast<double>(c.frames_sent + c.frames_dropped), static_cast<double>(slots),
                3.0);
    // The link never idles: frames go back to back at its speed.
    EXPECT_NEAR(static_cast<double>(c.frames_sent), 20.0 / 0.25, 2.0);
    // Memory stays one frame buffer, however far behind the link is.
    EXPECT_EQ(machine.frame_buffer_capacity(), capacity);
}

TEST_F(StreamStateMachineTest, AFrameThatCannotBeSentInTimeIsDroppedAndTheLinkReset) {
    transport.send_duration = 3s;  // longer than the 2.5 s send timeout
    machine.start(config(100ms));
    machine.step();
    machine.step();
    EXPECT_EQ(machine.state(), StreamState::kBackingOff);
    EXPECT_EQ(machine.counters().frames_sent, 0u);
    EXPECT_EQ(machine.counters().frames_dropped, 1u);
    EXPECT_EQ(machine.counters().disconnects, 1u);
    EXPECT_EQ(machine.last_error(), "send timed out (fake)");
}

// The device's WebSocket client fails a send without writing anything when its
// own task holds its lock (sending a PING) past the budget: the stream is
// intact, so only that frame goes.
TEST_F(StreamStateMachineTest, ASendThatWroteNothingDropsTheFrameAndKeepsTheConnection) {
    machine.start(config(100ms));
    machine.step();
    machine.step();
    ASSERT_EQ(machine.counters().frames_sent, 1u);
    transport.busy_sends = 1;
    run_for(4s);  // the failed send itself takes the 2.5 s budget
    const auto& c = machine.counters();
    EXPECT_EQ(transport.unsent_calls, 1);
    EXPECT_EQ(machine.state(), StreamState::kStreaming);
    EXPECT_EQ(c.disconnects, 0u);
    EXPECT_EQ(transport.connect_calls, 1);
    EXPECT_GE(c.frames_dropped, 1u);
    EXPECT_GE(c.frames_sent, 2u);  // and the frames after it go out
    EXPECT_TRUE(log.contains("frame dropped, connection kept: client busy (fake): nothing sent"));
}

TEST_F(StreamStateMachineTest, ALinkThatKeepsTakingNothingIsResetAfterAFewTries) {
    machine.start(config(100ms));
    machine.step();
    machine.step();
    transport.busy_sends = 100;
    run_for(30s);
    EXPECT_EQ(transport.unsent_calls, StreamStateMachine::kMaxUnsentInARow + 1 +
                                          (transport.connect_calls - 1) *
                                              (StreamStateMachine::kMaxUnsentInARow + 1));
    EXPECT_GE(machine.counters().disconnects, 1u);
    EXPECT_GE(transport.connect_calls, 2);
    EXPECT_EQ(machine.last_error(), "client busy (fake): nothing sent");
}

TEST(SendOutcome, FromWhatTheClientReturnedAndWhetherItIsStillConnected) {
    EXPECT_EQ(classify_send(15000, 15000, true), SendOutcome::kSent);
    // Its lock was busy: nothing written, the connection as it was.
    EXPECT_EQ(classify_send(-1, 15000, true), SendOutcome::kNotSent);
    // A write error: the client aborted the connection before returning.
    EXPECT_EQ(classify_send(-1, 15000, false), SendOutcome::kConnectionLost);
    EXPECT_EQ(classify_send(0, 15000, false), SendOutcome::kConnectionLost);
    // Part of the message went: unusable, whatever the client says.
    EXPECT_EQ(classify_send(4096, 15000, true), SendOutcome::kConnectionLost);
    EXPECT_EQ(classify_send(0, 0, true), SendOutcome::kSent);
}

TEST_F(StreamStateMachineTest, StopDuringAConnectClosesAndStaysIdle) {
    transport.async_connect = true;
    machine.start(config());
    const auto next = machine.step();
    EXPECT_EQ(machine.state(), StreamState::kConnecting);
    EXPECT_EQ(next, clock.now() + StreamStateMachine::kConnectPoll);
    const int closes = transport.close_calls;

    machine.stop();
    EXPECT_EQ(machine.state(), StreamState::kIdle);
    EXPECT_GT(transport.close_calls, closes);
    EXPECT_FALSE(transport.connecting);
    // Even if the old attempt completes late, nothing is sent.
    transport.finish_connect();
    clock.advance(1s);
    EXPECT_EQ(machine.step(), Clock::TimePoint::max());
    EXPECT_EQ(transport.send_calls, 0);
    EXPECT_TRUE(log.contains("stopped streaming to ws://fake:8080/ws/camera"));
}

TEST_F(StreamStateMachineTest, AnAsynchronousConnectIsPolledUntilOpen) {
    transport.async_connect = true;
    machine.start(config());
    machine.step();
    clock.advance(StreamStateMachine::kConnectPoll);
    machine.step();
    EXPECT_EQ(machine.state(), StreamState::kConnecting);
    EXPECT_EQ(transport.connect_calls, 1);  // one attempt, polled, not restarted
    transport.finish_connect();
    clock.advance(StreamStateMachine::kConnectPoll);
    machine.step();
    EXPECT_EQ(machine.state(), StreamState::kStreaming);
    machine.step();
    EXPECT_EQ(transport.frames, 1u);
}

TEST_F(StreamStateMachineTest, AnAsynchronousConnectTimesOut) {
    transport.async_connect = true;
    auto c = config();
    c.connect_timeout = 2s;
    machine.start(c);
    run_for(2s + 10ms);
    EXPECT_EQ(machine.state(), StreamState::kBackingOff);
    EXPECT_EQ(machine.counters().failed_connects, 1u);
    EXPECT_EQ(machine.last_error(), "timed out after 2.0s connecting to ws://fake:8080/ws/camera");
    EXPECT_FALSE(transport.connecting);
}

TEST_F(StreamStateMachineTest, StartingAgainOnTheSameTargetKeepsTheConnection) {
    machine.start(config(100ms));
    run_for(500ms);
    machine.start(config(50ms));  // only the pacing changes
    EXPECT_EQ(machine.state(), StreamState::kStreaming);
    const auto sent = machine.counters().frames_sent;
    run_for(500ms);
    EXPECT_EQ(transport.connect_calls, 1);
    EXPECT_NEAR(static_cast<double>(machine.counters().frames_sent - sent), 10.0, 1.0);
}

TEST_F(StreamStateMachineTest, StartingOnANewTargetReconnectsAtOnce) {
    machine.start(config());
    run_for(300ms);
    auto other = config();
    other.url = "ws://elsewhere:9000/ws/camera/yard";
    machine.start(other);
    EXPECT_EQ(machine.state(), StreamState::kConnecting);
    machine.step();
    EXPECT_EQ(transport.connect_calls, 2);
    EXPECT_EQ(transport.last_url, "ws://elsewhere:9000/ws/camera/yard");
    EXPECT_EQ(machine.state(), StreamState::kStreaming);
}

TEST_F(StreamStateMachineTest, StartWhileBackingOffRetriesNow) {
    transport.refuse_connects = 1;
    machine.start(config());
    machine.step();
    ASSERT_EQ(machine.state(), StreamState::kBackingOff);
    machine.start(config());
    machine.step();
    EXPECT_EQ(machine.state(), StreamState::kStreaming);
}

TEST_F(StreamStateMachineTest, CaptureFailuresAreCountedAndLoggedOncePerStreak) {
    source.fail_first = 3;
    machine.start(config(100ms));
    run_for(550ms);
    EXPECT_EQ(machine.counters().capture_failures, 3u);
    EXPECT_EQ(machine.counters().frames_sent, 3u);
    int failure_lines = 0;
    for (const auto& l : log.lines)
        failure_lines += l.message.find("capture failed: sensor timeout (fake)") == 0;
    EXPECT_EQ(failure_lines, 1);
    EXPECT_TRUE(log.contains("capture works again after 3 failed frames"));
}

TEST_F(StreamStateMachineTest, LogsARateLineEveryNFrames) {
    auto c = config(100ms);
    c.stats_every = 5;
    machine.start(c);
    run_for(1s);
    EXPECT_TRUE(log.contains("sent 5 frames (5 total), 10.0 fps, avg 0.0 KiB"));
    EXPECT_TRUE(log.contains("sent 5 frames (10 total)"));
}
