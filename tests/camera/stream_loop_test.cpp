#include "camera/core/stream_loop.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "camera/host/mock_frame_source.hpp"
#include "camera/host/null_log_sink.hpp"
#include "camera/host/steady_clock.hpp"
#include "camera/host/websocket_transport.hpp"
#include "counting_source.hpp"
#include "fake_transport.hpp"
#include "jpeg_test_util.hpp"
#include "loopback_ws_server.hpp"

using namespace camstream::camera;
using camstream::camera::testing::CountingSource;
using camstream::camera::testing::FakeTransport;
using camstream::camera::testing::has_jpeg_markers;
using camstream::camera::testing::LoopbackWsServer;
using camstream::camera::testing::read_jpeg_header;
using namespace std::chrono_literals;

namespace {

StreamConfig fast_stream(const std::string& url = "ws://fake/ws/camera") {
    StreamConfig c;
    c.url = url;
    c.frame_interval = 5ms;  // 200 fps
    c.backoff_initial = 1ms;
    c.backoff_max = 4ms;
    return c;
}

StreamLoop::Options fast(std::uint64_t frames) {
    StreamLoop::Options o;
    o.stream = fast_stream();
    o.max_frames = frames;
    return o;
}

template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(2ms);
    }
    return true;
}

// A transport whose connect blocks until the test lets it finish, like
// Beast's on a slow network. Its counters are atomic: the loop thread writes
// them while the test reads.
class BlockingTransport final : public Transport {
public:
    Status connect(const std::string&, std::chrono::milliseconds) override {
        std::unique_lock<std::mutex> lock{mutex_};
        entered = true;
        changed_.notify_all();
        changed_.wait(lock, [this] { return released_; });
        connected = true;
        return Status::success();
    }
    Status send_binary(const std::uint8_t*, std::size_t, std::chrono::milliseconds) override {
        ++sends;
        return Status::success();
    }
    bool is_connected() const override { return connected; }
    void close() override {
        ++closes;
        connected = false;
    }
    void release() {
        std::lock_guard<std::mutex> lock{mutex_};
        released_ = true;
        changed_.notify_all();
    }

    std::atomic<bool> entered{false}, connected{false};
    std::atomic<int> sends{0}, closes{0};

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool released_ = false;
};

// Lines logged by the loop's thread, read by the test's.
class LockedLogSink final : public LogSink {
public:
    void log(LogLevel, const std::string& message) override {
        std::lock_guard<std::mutex> lock{mutex_};
        lines_.push_back(message);
    }
    bool contains(const std::string& part) const {
        std::lock_guard<std::mutex> lock{mutex_};
        for (const auto& l : lines_)
            if (l.find(part) != std::string::npos) return true;
        return false;
    }

private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

class StreamLoopTest : public ::testing::Test {
protected:
    SteadyClock clock;
    NullLogSink log;
    CountingSource source;
    FakeTransport transport;
};

}  // namespace

TEST_F(StreamLoopTest, SendsTheRequestedNumberOfFramesThenCloses) {
    StreamLoop loop{source, transport, clock, log, fast(7)};
    const auto summary = loop.run();
    EXPECT_EQ(summary.frames_sent, 7u);
    EXPECT_EQ(summary.bytes_sent, 35u);
    EXPECT_EQ(transport.frames, 7u);
    EXPECT_EQ(transport.last_url, "ws://fake/ws/camera");
    EXPECT_FALSE(transport.connected);
    EXPECT_FALSE(summary.stopped);
    EXPECT_FALSE(loop.status().enabled);
}

TEST_F(StreamLoopTest, PacesFramesAtTheRequestedRate) {
    auto options = fast(11);
    options.stream.frame_interval = 20ms;  // 10 intervals
    StreamLoop loop{source, transport, clock, log, options};
    const auto summary = loop.run();
    EXPECT_EQ(summary.frames_sent, 11u);
    EXPECT_GE(summary.elapsed, 190ms);
    EXPECT_LT(summary.elapsed, 1s);
}

TEST_F(StreamLoopTest, RetriesWithBackoffUntilTheServerAnswers) {
    transport.refuse_connects = 4;
    StreamLoop loop{source, transport, clock, log, fast(3)};
    const auto summary = loop.run();
    EXPECT_EQ(summary.failed_connects, 4u);
    EXPECT_EQ(summary.connections, 1u);
    EXPECT_EQ(summary.frames_sent, 3u);
}

TEST_F(StreamLoopTest, ReconnectsAfterTheConnectionDrops) {
    transport.fail_send_at = 3;
    StreamLoop loop{source, transport, clock, log, fast(5)};
    const auto summary = loop.run();
    EXPECT_EQ(summary.disconnects, 1u);
    EXPECT_EQ(summary.connections, 2u);
    EXPECT_EQ(summary.frames_sent, 5u);
    // The frame whose send failed, and any 5 ms slot a loaded machine let pass.
    EXPECT_GE(summary.frames_dropped, 1u);
}

TEST_F(StreamLoopTest, DurationLimitEndsTheRunEvenWithNoServer) {
    transport.refuse_connects = 1'000'000;
    auto options = fast(0);
    options.max_duration = 300ms;
    options.stream.backoff_initial = 20ms;
    options.stream.backoff_max = 80ms;
    StreamLoop loop{source, transport, clock, log, options};
    const auto summary = loop.run();
    EXPECT_EQ(summary.frames_sent, 0u);
    EXPECT_GE(summary.failed_connects, 3u);  // 20 + 40 + 80 ms at most...
    EXPECT_GE(summary.elapsed, 300ms);
    EXPECT_LT(summary.elapsed, 1s);  // a backoff never runs past the end
}

TEST_F(StreamLoopTest, ShutdownWakesALongBackoffAtOnce) {
    transport.refuse_connects = 1'000'000;
    auto options = fast(0);
    options.stream.backoff_initial = 60s;
    options.stream.backoff_max = 60s;
    StreamLoop loop{source, transport, clock, log, options};
    std::thread stopper{[&] {
        std::this_thread::sleep_for(50ms);
        loop.shutdown();
    }};
    const auto summary = loop.run();
    stopper.join();
    EXPECT_TRUE(summary.stopped);
    EXPECT_LT(summary.elapsed, 2s);
}

// How the console drives it: run() on its own thread, idle until start(),
// then start/stop/status from another thread.
TEST_F(StreamLoopTest, FollowsStartAndStopFromAnotherThread) {
    StreamLoop loop{source, transport, clock, log, {}};
    EXPECT_EQ(loop.status().state, StreamState::kIdle);
    std::thread runner{[&] { loop.run(); }};

    loop.start(fast_stream("ws://fake/ws/camera/porch"));
    EXPECT_TRUE(loop.status().enabled);
    EXPECT_NE(loop.status().state, StreamState::kIdle);  // "connecting" at once, not a stale "idle"
    ASSERT_TRUE(eventually([&] { return loop.status().counters.frames_sent >= 3; }));
    EXPECT_EQ(loop.status().state, StreamState::kStreaming);
    EXPECT_EQ(loop.status().url, "ws://fake/ws/camera/porch");

    loop.stop();
    EXPECT_FALSE(loop.status().enabled);
    EXPECT_EQ(loop.status().state, StreamState::kIdle);
    std::this_thread::sleep_for(30ms);  // let a step in progress finish
    const auto sent = loop.status().counters.frames_sent;
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(loop.status().counters.frames_sent, sent);

    loop.start(fast_stream());
    ASSERT_TRUE(eventually([&] { return loop.status().counters.frames_sent >= sent + 3; }));
    EXPECT_EQ(loop.status().counters.connections, 2u);
    loop.shutdown();
    runner.join();
    EXPECT_FALSE(loop.status().enabled);
    EXPECT_EQ(loop.status().state, StreamState::kIdle);
}

TEST_F(StreamLoopTest, StopDuringABlockingConnectSendsNothing) {
    BlockingTransport blocking;
    StreamLoop loop{source, blocking, clock, log, {}};
    std::thread runner{[&] { loop.run(); }};
    loop.start(fast_stream());
    ASSERT_TRUE(eventually([&] { return blocking.entered.load(); }));
    const int closes = blocking.closes;
    loop.stop();
    blocking.release();  // the connect succeeds after the stop
    ASSERT_TRUE(eventually([&] { return blocking.closes.load() > closes; }));
    EXPECT_FALSE(blocking.connected);
    std::this_thread::sleep_for(50ms);
    EXPECT_EQ(blocking.sends.load(), 0);
    EXPECT_EQ(loop.status().state, StreamState::kIdle);
    loop.shutdown();
    runner.join();
}

// The real pieces end to end on loopback: every message the server gets is
// exactly one complete JPEG of the configured size.
TEST_F(StreamLoopTest, StreamsRealJpegsToAWebSocketServer) {
    LoopbackWsServer server;
    MockFrameSource jpegs{{.width = 161, .height = 121, .quality = 70, .fps = 100}};
    WebSocketTransport websocket;
    auto options = fast(6);
    options.stream.url = server.url("/ws/camera/loop");
    StreamLoop loop{jpegs, websocket, clock, log, options};
    const auto summary = loop.run();
    EXPECT_EQ(summary.frames_sent, 6u);
    ASSERT_TRUE(server.wait_for_messages(6, 5s));
    for (const auto& m : server.messages()) {
        EXPECT_TRUE(m.binary);
        EXPECT_TRUE(has_jpeg_markers(m.data));
        const auto info = read_jpeg_header(m.data);
        ASSERT_TRUE(info);
        EXPECT_EQ(info->width, 161);
        EXPECT_EQ(info->height, 121);
        EXPECT_EQ(m.target, "/ws/camera/loop");
    }
}

TEST_F(StreamLoopTest, ReconnectsWhenTheServerReplacesTheCamera) {
    LoopbackWsServer server{{.close_after_messages = 3}};
    MockFrameSource jpegs{{.width = 64, .height = 48, .fps = 100}};
    WebSocketTransport websocket;
    auto options = fast(8);
    options.stream.url = server.url();
    StreamLoop loop{jpegs, websocket, clock, log, options};
    const auto summary = loop.run();
    EXPECT_EQ(summary.frames_sent, 8u);
    EXPECT_GE(summary.disconnects, 1u);
    EXPECT_GE(server.connections(), 2);
}

// The server's pace message travels the real WebSocket to the loop: at 200 fps
// configured, a 2 fps pace leaves a handful of frames in 1.2 s.
TEST_F(StreamLoopTest, TheServersPaceReachesTheLoopOverAWebSocket) {
    LoopbackWsServer server{{.texts_on_connect = {R"({"type":"pace","fps":2})"}}};
    MockFrameSource jpegs{{.width = 64, .height = 48, .fps = 100}};
    WebSocketTransport websocket;
    LockedLogSink paced_log;
    auto options = fast(0);
    options.stream.url = server.url();
    options.max_duration = 1200ms;
    StreamLoop loop{jpegs, websocket, clock, paced_log, options};
    const auto summary = loop.run();
    EXPECT_TRUE(paced_log.contains("pace: 2 fps (server)"));
    // The frames before the message arrived, then one each 500 ms (at 0.5 s and 1.0 s).
    EXPECT_GE(summary.frames_sent, 3u);
    EXPECT_LE(summary.frames_sent, 12u);
    // The slower pace is not counted as dropped frames (that would be ~200 of
    // the 5 ms slots); a loaded machine may let a few pass before it arrives.
    EXPECT_LT(summary.frames_dropped, 20u);
}

TEST_F(StreamLoopTest, TheServersNowSendsAFrameWithoutWaitingOutThePace) {
    LoopbackWsServer server{{.texts_on_connect = {R"({"type":"pace","fps":0.1})"}}};
    MockFrameSource jpegs{{.width = 64, .height = 48, .fps = 100}};
    WebSocketTransport websocket;
    LockedLogSink paced_log;
    auto options = fast(0);
    options.stream.url = server.url();
    StreamLoop loop{jpegs, websocket, clock, paced_log, options};
    std::thread runner{[&] { loop.run(); }};

    ASSERT_TRUE(eventually([&] { return paced_log.contains("pace: 0.1 fps (server)"); }));
    ASSERT_TRUE(server.wait_for_messages(1, 5s));
    std::this_thread::sleep_for(100ms);
    const auto before = server.messages().size();  // the next one would be 10 s away
    const auto asked = std::chrono::steady_clock::now();
    server.send_text(R"({"type":"pace","fps":0.1,"now":true})");
    ASSERT_TRUE(server.wait_for_messages(before + 1, 5s));
    EXPECT_LT(std::chrono::steady_clock::now() - asked, 1s);
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(server.messages().size(), before + 1);  // one frame, then the pace again

    loop.shutdown();
    runner.join();
}
