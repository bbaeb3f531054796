#include "camera/host/websocket_transport.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "loopback_ws_server.hpp"

using namespace camstream::camera;
using camstream::camera::testing::LoopbackWsServer;
using camstream::camera::testing::unused_loopback_port;
using namespace std::chrono_literals;

namespace {
bool contains(const std::string& s, std::string_view part) {
    return s.find(part) != std::string::npos;
}
}  // namespace

TEST(WebSocketTransport, ReportsAClearErrorWhenNothingListens) {
    const auto port = unused_loopback_port();
    WebSocketTransport t;
    const auto start = std::chrono::steady_clock::now();
    const Status s = t.connect("ws://127.0.0.1:" + std::to_string(port) + "/ws/camera");
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(contains(s.message(), "cannot connect to 127.0.0.1:" + std::to_string(port)))
        << s.message();
    EXPECT_TRUE(contains(s.message(), "refused")) << s.message();
    EXPECT_FALSE(t.is_connected());
}

TEST(WebSocketTransport, RejectsABadUrlBeforeTouchingTheNetwork) {
    WebSocketTransport t;
    const Status s = t.connect("http://127.0.0.1:8080/ws/camera");
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(contains(s.message(), "bad URL")) << s.message();
    EXPECT_TRUE(contains(s.message(), "ws://")) << s.message();
}

TEST(WebSocketTransport, SendWithoutConnectionFails) {
    WebSocketTransport t;
    const std::uint8_t byte = 0xFF;
    const Status s = t.send_binary({&byte, 1});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.message(), "not connected");
    t.close();  // harmless when not connected
}

TEST(WebSocketTransport, SendsEachBufferAsOneBinaryMessage) {
    LoopbackWsServer server;
    WebSocketTransport t;
    ASSERT_TRUE(t.connect(server.url("/ws/camera/test-cam")).ok());
    EXPECT_TRUE(t.is_connected());
    std::vector<std::uint8_t> small{1, 2, 3}, big(300 * 1024);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
    ASSERT_TRUE(t.send_binary(small).ok());
    ASSERT_TRUE(t.send_binary(big).ok());
    ASSERT_TRUE(server.wait_for_messages(2, 5s));
    const auto got = server.messages();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_TRUE(got[0].binary);
    EXPECT_EQ(got[0].data, small);
    EXPECT_EQ(got[1].data, big);
    EXPECT_EQ(got[0].target, "/ws/camera/test-cam");
    t.close();
    EXPECT_FALSE(t.is_connected());
}

TEST(WebSocketTransport, ReportsTheServersCloseReason) {
    LoopbackWsServer server{
        {.close_after_messages = 1, .close_code = 4000, .close_reason = "replaced"}};
    WebSocketTransport t;
    ASSERT_TRUE(t.connect(server.url()).ok());
    const std::vector<std::uint8_t> frame(1000, 0xAB);
    ASSERT_TRUE(t.send_binary(frame).ok());
    ASSERT_TRUE(server.wait_for_messages(1, 5s));
    // The close frame is on its way; a later send must fail and say why.
    Status s = Status::success();
    for (int i = 0; i < 50 && s.ok(); ++i) {
        std::this_thread::sleep_for(10ms);
        s = t.send_binary(frame);
    }
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(contains(s.message(), "4000")) << s.message();
    EXPECT_TRUE(contains(s.message(), "replaced")) << s.message();
    EXPECT_FALSE(t.is_connected());
    // And it can connect again afterwards.
    ASSERT_TRUE(t.connect(server.url()).ok());
    EXPECT_EQ(server.connections(), 2);
}

TEST(WebSocketTransport, ReportsARefusedUpgradeWithItsHttpStatus) {
    LoopbackWsServer server{{.refuse_upgrade = true}};
    WebSocketTransport t;
    const Status s = t.connect(server.url("/ws/nope"));
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(contains(s.message(), "HTTP 404")) << s.message();
}

namespace {
// Polls until `n` text messages came or 5 s passed.
std::vector<std::string> poll_texts(WebSocketTransport& t, std::size_t n) {
    std::vector<std::string> got;
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (got.size() < n && std::chrono::steady_clock::now() < deadline) {
        if (t.poll_text(text))
            got.push_back(text);
        else
            std::this_thread::sleep_for(2ms);
    }
    return got;
}
}  // namespace

TEST(WebSocketTransport, QueuesTheServersTextMessagesAndDropsBinaryOnes) {
    LoopbackWsServer server{{.texts_on_connect = {"one", R"({"type":"pace","fps":1})"},
                             .binaries_on_connect = {"not for poll_text"}}};
    WebSocketTransport t;
    std::string text;
    EXPECT_FALSE(t.poll_text(text));  // not connected: nothing, no error
    ASSERT_TRUE(t.connect(server.url()).ok());
    // The binary message came first: had it been queued, it would be first here.
    EXPECT_EQ(poll_texts(t, 2), (std::vector<std::string>{"one", R"({"type":"pace","fps":1})"}));
    EXPECT_FALSE(t.poll_text(text));
    EXPECT_TRUE(t.is_connected());
    const std::vector<std::uint8_t> frame(100, 0x42);
    ASSERT_TRUE(t.send_binary(frame).ok());  // reading did not disturb sending
    ASSERT_TRUE(server.wait_for_messages(1, 5s));

    server.send_text("later");
    EXPECT_EQ(poll_texts(t, 1), (std::vector<std::string>{"later"}));
}

TEST(WebSocketTransport, ANewConnectionForgetsTheOldOnesMessages) {
    LoopbackWsServer server{{.texts_on_connect = {"hello"}}};
    WebSocketTransport t;
    ASSERT_TRUE(t.connect(server.url()).ok());
    std::this_thread::sleep_for(100ms);  // "hello" arrives, not taken
    ASSERT_TRUE(t.connect(server.url()).ok());
    EXPECT_EQ(poll_texts(t, 1), (std::vector<std::string>{"hello"}));
    std::this_thread::sleep_for(100ms);
    std::string text;
    EXPECT_FALSE(t.poll_text(text)) << text;  // the first connection's "hello" is gone
}

TEST(WebSocketTransport, PollTextNoticesTheServerClosing) {
    LoopbackWsServer server{{.close_after_messages = 1}};
    WebSocketTransport t;
    ASSERT_TRUE(t.connect(server.url()).ok());
    ASSERT_TRUE(t.send_binary(std::vector<std::uint8_t>(10, 1)).ok());
    std::string text;
    for (int i = 0; i < 250 && t.is_connected(); ++i) {
        EXPECT_FALSE(t.poll_text(text));
        std::this_thread::sleep_for(10ms);
    }
    EXPECT_FALSE(t.is_connected());
    const Status s = t.send_binary(std::vector<std::uint8_t>(10, 1));
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(contains(s.message(), "4000")) << s.message();
}
