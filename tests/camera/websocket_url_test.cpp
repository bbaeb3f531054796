#include "camera/core/websocket_url.hpp"

#include <gtest/gtest.h>

using camstream::camera::WebSocketUrl;

TEST(WebSocketUrl, ParsesTheDefaultCameraEndpoint) {
    const auto url = WebSocketUrl::parse("ws://127.0.0.1:8080/ws/camera");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->host, "127.0.0.1");
    EXPECT_EQ(url->port, 8080);
    EXPECT_EQ(url->target, "/ws/camera");
    EXPECT_EQ(url->host_header(), "127.0.0.1:8080");
    EXPECT_EQ(url->to_string(), "ws://127.0.0.1:8080/ws/camera");
    EXPECT_EQ(url->camera_id(), "default");
}

TEST(WebSocketUrl, FillsInDefaults) {
    const auto url = WebSocketUrl::parse("WS://Example.com");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->host, "Example.com");
    EXPECT_EQ(url->port, 80);
    EXPECT_EQ(url->target, "/");
    EXPECT_EQ(url->host_header(), "Example.com");
    EXPECT_FALSE(url->camera_id());

    const auto q = WebSocketUrl::parse("ws://h?x=1");
    ASSERT_TRUE(q);
    EXPECT_EQ(q->target, "/?x=1");
}

TEST(WebSocketUrl, ParsesIpv6AndQueries) {
    const auto url = WebSocketUrl::parse("ws://[::1]:9000/ws/camera/cam-1?token=a");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->host, "::1");
    EXPECT_EQ(url->port, 9000);
    EXPECT_EQ(url->target, "/ws/camera/cam-1?token=a");
    EXPECT_EQ(url->host_header(), "[::1]:9000");
    EXPECT_EQ(url->camera_id(), "cam-1");
}

TEST(WebSocketUrl, ParsesWssWithPort443ByDefault) {
    const auto url = WebSocketUrl::parse("WSS://cams.example.org/ws/camera/porch");
    ASSERT_TRUE(url);
    EXPECT_TRUE(url->tls);
    EXPECT_EQ(url->port, 443);
    EXPECT_EQ(url->host_header(), "cams.example.org");
    EXPECT_EQ(url->to_string(), "wss://cams.example.org:443/ws/camera/porch");
    EXPECT_EQ(url->camera_id(), "porch");

    const auto other = WebSocketUrl::parse("wss://[::1]:8443/ws/camera");
    ASSERT_TRUE(other);
    EXPECT_TRUE(other->tls);
    EXPECT_EQ(other->port, 8443);
    EXPECT_EQ(other->host_header(), "[::1]:8443");
    EXPECT_FALSE(WebSocketUrl::parse("ws://h/ws")->tls);
}

TEST(WebSocketUrl, RejectsBadUrlsWithAReason) {
    const std::pair<const char*, const char*> cases[] = {
        {"", "expected ws://"},
        {"127.0.0.1:8080/ws/camera", "expected ws://"},
        {"http://h/ws", "scheme must be ws://"},
        {"https://h/ws", "scheme must be ws:// or wss://"},
        {"ws://", "missing host"},
        {"ws://:8080/ws", "missing host"},
        {"ws://h:/ws", "empty port"},
        {"ws://h:0/ws", "1 to 65535"},
        {"ws://h:65536/ws", "1 to 65535"},
        {"ws://h:80x/ws", "1 to 65535"},
        {"ws://h:-1/ws", "1 to 65535"},
        {"ws://user@h/ws", "user info"},
        {"ws://h/ws camera", "whitespace"},
        {"ws://h/ws#frag", "fragment"},
        {"ws://[::1/ws", "']'"},
        {"ws://[zz]:1/ws", "IPv6"},
        {"ws://h!st/ws", "bad host"},
    };
    for (auto [text, reason] : cases) {
        std::string why;
        EXPECT_FALSE(WebSocketUrl::parse(text, &why)) << text;
        EXPECT_NE(why.find(reason), std::string::npos) << text << " -> " << why;
    }
}

TEST(WebSocketUrl, BuildsCameraUrlsFromHostPortAndId) {
    auto url = WebSocketUrl::for_camera("192.168.1.10", 8080, "");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->to_string(), "ws://192.168.1.10:8080/ws/camera");

    url = WebSocketUrl::for_camera("server.lan", 8765, "porch_1");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->to_string(), "ws://server.lan:8765/ws/camera/porch_1");
    EXPECT_EQ(url->camera_id(), "porch_1");

    url = WebSocketUrl::for_camera("::1", 8080, "x");
    ASSERT_TRUE(url);
    EXPECT_EQ(url->to_string(), "ws://[::1]:8080/ws/camera/x");
}

TEST(WebSocketUrl, RefusesBadCameraIdsAndHosts) {
    std::string why;
    EXPECT_FALSE(WebSocketUrl::for_camera("h", 8080, "a/b", &why));
    EXPECT_NE(why.find("camera id"), std::string::npos) << why;
    EXPECT_FALSE(WebSocketUrl::for_camera("h", 8080, std::string(65, 'a'), &why));
    EXPECT_TRUE(WebSocketUrl::for_camera("h", 8080, std::string(64, 'a')));
    EXPECT_FALSE(WebSocketUrl::for_camera("", 8080, "", &why));
    EXPECT_NE(why.find("missing host"), std::string::npos) << why;
    EXPECT_FALSE(WebSocketUrl::for_camera("h", 0, "", &why));
    EXPECT_FALSE(WebSocketUrl::for_camera("bad host", 8080, "", &why));
}
