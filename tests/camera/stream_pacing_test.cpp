// The server's pace messages as the stream state machine obeys them, on a fake
// clock and a fake transport (the real transport's part is in
// stream_loop_test and websocket_transport_test).

#include <gtest/gtest.h>

#include "camera/core/stream_state_machine.hpp"
#include "counting_source.hpp"
#include "fake_clock.hpp"
#include "fake_transport.hpp"
#include "recording_log_sink.hpp"

using namespace camstream::camera;
using namespace camstream::camera::testing;
using namespace std::chrono_literals;

namespace {

std::string pace(const std::string& fps, bool now = false) {
    return R"({"type":"pace","fps":)" + fps + (now ? R"(,"now":true})" : "}");
}

class StreamPacingTest : public ::testing::Test {
protected:
    // 10 fps configured.
    StreamConfig config(bool obey = true) {
        StreamConfig c;
        c.url = "ws://fake:8080/ws/camera";
        c.frame_interval = 100ms;
        c.obey_pace = obey;
        return c;
    }

    // Connects and sends the first frame; returns its time.
    Clock::TimePoint connect_and_send_first(bool obey = true) {
        machine.start(config(obey));
        machine.step();  // connects
        const auto t0 = clock.now();
        EXPECT_EQ(machine.step(), t0 + 100ms);
        EXPECT_EQ(transport.frames, 1u);
        return t0;
    }

    // Frames sent from now (exclusive: a frame due now goes in this call's
    // first step, though) to now + span (inclusive), stepping as StreamLoop
    // would: at each time the machine asks for, and every message_poll while
    // it listens.
    std::uint64_t frames_during(Clock::Duration span) {
        const auto before = transport.frames;
        const auto end = clock.now() + span;
        for (;;) {
            auto next = machine.step();
            if (machine.listening()) next = std::min(next, clock.now() + 50ms);
            if (next > end) break;
            if (next > clock.now()) clock.advance(next - clock.now());
        }
        clock.advance(end - clock.now());
        return transport.frames - before;
    }

    int lines_containing(const std::string& part) const {
        int n = 0;
        for (const auto& l : log.lines) n += l.message.find(part) != std::string::npos;
        return n;
    }

    FakeClock clock;
    FakeTransport transport{&clock};
    CountingSource source;
    RecordingLogSink log;
    StreamStateMachine machine{source, transport, clock, log, 7};
};

}  // namespace

TEST_F(StreamPacingTest, WithoutPaceMessagesNothingChanges) {
    connect_and_send_first();
    EXPECT_EQ(frames_during(1s), 10u);
    EXPECT_FALSE(machine.server_pace());
    EXPECT_EQ(machine.current_interval(), 100ms);
    EXPECT_EQ(lines_containing("pace:"), 0);
}

TEST_F(StreamPacingTest, APaceSlowsTheNextFrameFromTheLastOneSent) {
    const auto t0 = connect_and_send_first();
    transport.server_sends(pace("2"));
    clock.advance(10ms);
    EXPECT_EQ(machine.step(), t0 + 500ms);  // not t0 + 100 ms any more
    EXPECT_EQ(transport.frames, 1u);
    EXPECT_EQ(machine.current_interval(), 500ms);
    ASSERT_TRUE(machine.server_pace());
    EXPECT_DOUBLE_EQ(*machine.server_pace(), 2.0);
    EXPECT_TRUE(log.contains("pace: 2 fps (server)"));

    clock.advance(490ms);
    EXPECT_EQ(machine.step(), t0 + 1000ms);
    EXPECT_EQ(transport.frames, 2u);
    EXPECT_EQ(frames_during(2s), 4u);
    EXPECT_EQ(machine.counters().frames_dropped, 0u);  // slots skipped by the pace are not drops
}

TEST_F(StreamPacingTest, AFasterPaceSpeedsBackUpAtOnceButNeverAboveTheConfiguredRate) {
    const auto t0 = connect_and_send_first();
    transport.server_sends(pace("1"));
    EXPECT_EQ(machine.step(), t0 + 1s);
    clock.advance(300ms);
    transport.server_sends(pace("25"));  // more than the configured 10 fps
    // The last frame was 300 ms ago, more than 100 ms: the next one goes now.
    EXPECT_EQ(machine.step(), t0 + 400ms);
    EXPECT_EQ(transport.frames, 2u);
    EXPECT_EQ(machine.current_interval(), 100ms);
    EXPECT_TRUE(log.contains("pace: 1 fps (server)"));
    EXPECT_TRUE(log.contains("pace: 10 fps (configured; server allows 25)"));
    EXPECT_EQ(frames_during(1s), 10u);

    transport.server_sends(pace("1000"));
    EXPECT_EQ(frames_during(1s), 10u);
}

TEST_F(StreamPacingTest, FractionalPacesWork) {
    connect_and_send_first();
    transport.server_sends(pace("0.5"));
    EXPECT_EQ(frames_during(10s), 5u);
    EXPECT_TRUE(log.contains("pace: 0.5 fps (server)"));
    EXPECT_EQ(machine.current_interval(), 2s);
    // A vanishing fps waits the longest interval, not forever (nor overflows).
    transport.server_sends(pace("1e-300"));
    machine.step();
    EXPECT_EQ(machine.current_interval(), StreamStateMachine::kMaxPaceInterval);
}

TEST_F(StreamPacingTest, ThePaceIsLoggedWhenItChangesNotPerMessageOrFrame) {
    connect_and_send_first();
    for (int i = 0; i < 5; ++i) {
        transport.server_sends(pace("1"));
        frames_during(1s);
    }
    EXPECT_EQ(lines_containing("pace:"), 1);
}

TEST_F(StreamPacingTest, NowSendsOneFrameAtOnceThenTheGridCarriesOnFromIt) {
    const auto t0 = connect_and_send_first();
    transport.server_sends(pace("1"));
    EXPECT_EQ(machine.step(), t0 + 1s);
    clock.advance(300ms);
    transport.server_sends(pace("1", true));
    const auto t1 = clock.now();
    EXPECT_EQ(machine.step(), t1 + 1s);  // sent in this step, the next one a pace later
    EXPECT_EQ(transport.frames, 2u);
    EXPECT_EQ(frames_during(999ms), 0u);
    EXPECT_EQ(frames_during(2ms), 1u);
    EXPECT_EQ(lines_containing("pace:"), 1);  // same fps: no new line
}

TEST_F(StreamPacingTest, NowWithAFasterPaceGoesOnAtThatPace) {
    connect_and_send_first();
    transport.server_sends(pace("1"));
    frames_during(1500ms);
    const auto sent = transport.frames;
    transport.server_sends(pace("5", true));
    machine.step();
    EXPECT_EQ(transport.frames, sent + 1);
    EXPECT_EQ(frames_during(1s), 5u);
}

TEST_F(StreamPacingTest, NowNeverSendsWithinTheConfiguredIntervalOfTheLastFrame) {
    const auto t0 = connect_and_send_first();
    transport.server_sends(pace("1"));
    machine.step();
    clock.advance(30ms);
    transport.server_sends(pace("1", true));
    EXPECT_EQ(machine.step(), t0 + 100ms);
    EXPECT_EQ(transport.frames, 1u);
    clock.advance(70ms);
    machine.step();
    EXPECT_EQ(transport.frames, 2u);
}

TEST_F(StreamPacingTest, UnknownAndMalformedMessagesAreIgnored) {
    connect_and_send_first();
    for (const char* text :
         {"", "hello", "{}", R"({"type":"hello","fps":1})", R"({"type":"pace","fps":0})",
          R"({"type":"pace","fps":-3})", R"({"type":"pace","fps":"1"})", R"({"type":"pace"})",
          R"({"type":"pace","fps":1,"now":yes})", R"({"type":"pace","fps":1)",
          R"({"type":"pace","fps":1,"now":true} trailing)"})
        transport.server_sends(text);
    EXPECT_EQ(frames_during(1s), 10u);
    EXPECT_TRUE(transport.texts.empty());  // all taken
    EXPECT_FALSE(machine.server_pace());
    EXPECT_EQ(lines_containing("pace:"), 0);
    EXPECT_EQ(machine.state(), StreamState::kStreaming);
}

TEST_F(StreamPacingTest, ANewConnectionForgetsThePace) {
    connect_and_send_first();
    transport.server_sends(pace("1"));
    EXPECT_EQ(frames_during(2s), 2u);
    transport.connected = false;  // the link drops between frames
    machine.step();
    ASSERT_EQ(machine.state(), StreamState::kBackingOff);
    EXPECT_TRUE(machine.server_pace());  // until the next connection opens
    clock.advance(machine.retry_at() - clock.now());
    machine.step();
    ASSERT_EQ(machine.state(), StreamState::kStreaming);
    EXPECT_EQ(transport.connect_calls, 2);
    EXPECT_FALSE(machine.server_pace());
    EXPECT_EQ(machine.current_interval(), 100ms);
    EXPECT_TRUE(log.contains("pace: 10 fps (configured)"));
    EXPECT_EQ(frames_during(1s), 11u);  // the first at once, then 10 a second
}

TEST_F(StreamPacingTest, WithPacingOffMessagesAreIgnoredAndSaidSoOnce) {
    const auto t0 = connect_and_send_first(false);
    EXPECT_FALSE(machine.listening());
    transport.server_sends(pace("1"));
    transport.server_sends(pace("1", true));
    clock.advance(30ms);
    EXPECT_EQ(machine.step(), t0 + 100ms);  // no frame sent "now"
    EXPECT_EQ(transport.frames, 1u);
    EXPECT_EQ(frames_during(1s), 10u);
    EXPECT_FALSE(machine.server_pace());
    EXPECT_EQ(lines_containing("pace: server asks 1 fps; ignored (pacing off)"), 1);
    EXPECT_TRUE(transport.texts.empty());  // taken all the same, not left to pile up
}

TEST_F(StreamPacingTest, TurningPacingOffWhileStreamingDropsThePaceInForce) {
    connect_and_send_first();
    transport.server_sends(pace("1"));
    frames_during(1s);
    EXPECT_TRUE(machine.listening());
    machine.start(config(false));  // same target: the connection stays
    EXPECT_EQ(transport.connect_calls, 1);
    EXPECT_FALSE(machine.server_pace());
    EXPECT_FALSE(machine.listening());
    EXPECT_EQ(machine.current_interval(), 100ms);
}
