#include "camera/stream_loop.hpp"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "camera/mock_frame_source.hpp"
#include "camera/websocket_transport.hpp"
#include "jpeg_test_util.hpp"
#include "loopback_ws_server.hpp"

using namespace camstream::camera;
using camstream::camera::testing::has_jpeg_markers;
using camstream::camera::testing::LoopbackWsServer;
using camstream::camera::testing::read_jpeg_header;
using namespace std::chrono_literals;

namespace {

// Hands out small fake "JPEGs" numbered 0, 1, 2...
class CountingSource final : public FrameSource {
public:
    Status capture(std::vector<std::uint8_t>& jpeg) override {
        jpeg.assign({0xFF, 0xD8, static_cast<std::uint8_t>(count++), 0xFF, 0xD9});
        return Status::success();
    }
    int count = 0;
};

// Scripted transport: the first `refuse_connects` connects fail; sends fail
// when `fail_send_at` (1-based send count) is reached.
class FakeTransport final : public Transport {
public:
    Status connect(std::string_view url) override {
        last_url = std::string{url};
        ++connect_calls;
        if (connect_calls <= refuse_connects) return Status::failure("connection refused (fake)");
        connected = true;
        return Status::success();
    }
    Status send_binary(std::span<const std::uint8_t> bytes) override {
        if (!connected) return Status::failure("not connected");
        ++send_calls;
        if (send_calls == fail_send_at) {
            connected = false;
            return Status::failure("connection reset (fake)");
        }
        sent.emplace_back(bytes.begin(), bytes.end());
        return Status::success();
    }
    bool is_connected() const override { return connected; }
    void close() override {
        ++close_calls;
        connected = false;
    }

    int refuse_connects = 0;
    int fail_send_at = 0;
    int connect_calls = 0, send_calls = 0, close_calls = 0;
    bool connected = false;
    std::string last_url;
    std::vector<std::vector<std::uint8_t>> sent;
};

StreamLoop::Options fast(std::uint64_t frames) {
    StreamLoop::Options o;
    o.url = "ws://fake/ws/camera";
    o.fps = 200;
    o.max_frames = frames;
    o.backoff_initial = 1ms;
    o.backoff_max = 4ms;
    return o;
}

}  // namespace

TEST(StreamLoop, SendsTheRequestedNumberOfFramesThenCloses) {
    CountingSource source;
    FakeTransport transport;
    StreamLoop loop{source, transport, fast(7)};
    const auto summary = loop.run();
    EXPECT_EQ(summary.frames_sent, 7u);
    EXPECT_EQ(summary.bytes_sent, 35u);
    EXPECT_EQ(transport.sent.size(), 7u);
    EXPECT_EQ(transport.sent[6][2], 6);
    EXPECT_EQ(transport.last_url, "ws://fake/ws/camera");
    EXPECT_FALSE(transport.connected);
    EXPECT_FALSE(summary.stopped);
}

TEST(StreamLoop, PacesFramesAtTheRequestedRate) {
    CountingSource source;
    FakeTransport transport;
    auto options = fast(11);
    options.fps = 50;  // 10 intervals of 20 ms
    StreamLoop loop{source, transport, options};
    const auto summary = loop.run();
    EXPECT_EQ(summary.frames_sent, 11u);
    EXPECT_GE(summary.elapsed, 190ms);
    EXPECT_LT(summary.elapsed, 1s);
}

TEST(StreamLoop, RetriesWithBackoffUntilTheServerAnswers) {
    CountingSource source;
    FakeTransport transport;
    transport.refuse_connects = 4;
    StreamLoop loop{source, transport, fast(3)};
    const auto summary = loop.run();
    EXPECT_EQ(summary.failed_connects, 4u);
    EXPECT_EQ(summary.connections, 1u);
    EXPECT_EQ(summary.frames_sent, 3u);
}

TEST(StreamLoop, ReconnectsAfterTheConnectionDrops) {
    CountingSource source;
    FakeTransport transport;
    transport.fail_send_at = 3;
    StreamLoop loop{source, transport, fast(5)};
    const auto summary = loop.run();
    EXPECT_EQ(summary.disconnects, 1u);
    EXPECT_EQ(summary.connections, 2u);
    EXPECT_EQ(summary.frames_sent, 5u);
}

TEST(StreamLoop, DurationLimitEndsTheRunEvenWithNoServer) {
    CountingSource source;
    FakeTransport transport;
    transport.refuse_connects = 1'000'000;
    auto options = fast(0);
    options.max_duration = 300ms;
    options.backoff_initial = 20ms;
    options.backoff_max = 80ms;
    StreamLoop loop{source, transport, options};
    const auto summary = loop.run();
    EXPECT_EQ(summary.frames_sent, 0u);
    EXPECT_GE(summary.failed_connects, 3u);  // 20 + 40 + 80 ms...
    EXPECT_GE(summary.elapsed, 300ms);
    EXPECT_LT(summary.elapsed, 1s);  // a backoff never runs past the end
}

TEST(StreamLoop, StopWakesALongBackoffAtOnce) {
    CountingSource source;
    FakeTransport transport;
    transport.refuse_connects = 1'000'000;
    auto options = fast(0);
    options.backoff_initial = 60s;
    options.backoff_max = 60s;
    StreamLoop loop{source, transport, options};
    std::thread stopper{[&] {
        std::this_thread::sleep_for(50ms);
        loop.stop();
    }};
    const auto summary = loop.run();
    stopper.join();
    EXPECT_TRUE(summary.stopped);
    EXPECT_LT(summary.elapsed, 2s);
}

// The real pieces end to end on loopback: every message the server gets is
// exactly one complete JPEG of the configured size.
TEST(StreamLoop, StreamsRealJpegsToAWebSocketServer) {
    LoopbackWsServer server;
    MockFrameSource source{{.width = 161, .height = 121, .quality = 70, .fps = 100}};
    WebSocketTransport transport;
    auto options = fast(6);
    options.url = server.url("/ws/camera/loop");
    StreamLoop loop{source, transport, options};
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

TEST(StreamLoop, ReconnectsWhenTheServerReplacesTheCamera) {
    LoopbackWsServer server{{.close_after_messages = 3}};
    MockFrameSource source{{.width = 64, .height = 48, .fps = 100}};
    WebSocketTransport transport;
    auto options = fast(8);
    options.url = server.url();
    StreamLoop loop{source, transport, options};
    const auto summary = loop.run();
    EXPECT_EQ(summary.frames_sent, 8u);
    EXPECT_GE(summary.disconnects, 1u);
    EXPECT_GE(server.connections(), 2);
}
