#include "camera/core/settings.hpp"

#include <gtest/gtest.h>

using camstream::camera::Settings;
using namespace std::chrono_literals;

TEST(Settings, DefaultsAreTheDocumentedOnes) {
    const Settings s;
    EXPECT_EQ(s.host, "");
    EXPECT_EQ(s.port, 8080);
    EXPECT_EQ(s.path, "/ws/camera");
    EXPECT_EQ(s.camera_id, "");
    EXPECT_EQ(s.frame_interval_ms, 66u);
    EXPECT_EQ(s.jpeg_quality, 80);
    EXPECT_EQ(s.token, "");
    EXPECT_EQ(s.wifi_ssid, "");
    EXPECT_TRUE(s.validate().ok());
    EXPECT_EQ(s.stream_url(), "");  // no host: nowhere to stream
}

TEST(Settings, HostsThatAreAccepted) {
    for (const char* host :
         {"127.0.0.1", "192.168.1.10", "localhost", "camstream.local", "my-server", "a_b.example",
          "::1", "fe80::1", "2001:db8::2:1", "10.0.0.255"}) {
        EXPECT_TRUE(Settings::check_host(host).ok()) << host;
    }
}

TEST(Settings, HostsThatAreRefusedSayWhy) {
    EXPECT_EQ(Settings::check_host("").message(), "host must not be empty");
    EXPECT_EQ(Settings::check_host("my host").message(),
              "host 'my host' is not a valid host name or IP address");
    for (const char* host :
         {"300.1.1.1", "1.2.3", "1.2.3.4.5", "-bad.example", "bad-.example", "a..b", ".a", "a.",
          "ws://x", "x/y", "[::1]", "1:2", "host:8080", "h\tx"}) {
        EXPECT_FALSE(Settings::check_host(host).ok()) << host;
    }
    EXPECT_EQ(Settings::check_host(std::string(254, 'a')).message(),
              "host is longer than 253 characters");
}

TEST(Settings, PortRange) {
    EXPECT_TRUE(Settings::check_port(1).ok());
    EXPECT_TRUE(Settings::check_port(65535).ok());
    EXPECT_EQ(Settings::check_port(0).message(), "port 0 is out of range (1-65535)");
    EXPECT_EQ(Settings::check_port(65536).message(), "port 65536 is out of range (1-65535)");
    EXPECT_FALSE(Settings::check_port(-1).ok());
}

TEST(Settings, FrameIntervalIsTenToAThousandMilliseconds) {
    EXPECT_TRUE(Settings::check_frame_interval(10).ok());
    EXPECT_TRUE(Settings::check_frame_interval(1000).ok());
    EXPECT_EQ(Settings::check_frame_interval(9).message(),
              "frame interval 9 ms is out of range (10-1000 ms)");
    EXPECT_EQ(Settings::check_frame_interval(1001).message(),
              "frame interval 1001 ms is out of range (10-1000 ms)");
}

TEST(Settings, JpegQuality) {
    EXPECT_TRUE(Settings::check_jpeg_quality(1).ok());
    EXPECT_TRUE(Settings::check_jpeg_quality(100).ok());
    EXPECT_EQ(Settings::check_jpeg_quality(0).message(), "JPEG quality 0 is out of range (1-100)");
    EXPECT_FALSE(Settings::check_jpeg_quality(101).ok());
}

TEST(Settings, WifiCredentials) {
    EXPECT_TRUE(Settings::check_ssid("My Net").ok());
    EXPECT_TRUE(Settings::check_ssid(std::string(32, 'x')).ok());
    EXPECT_EQ(Settings::check_ssid("").message(), "SSID must be 1-32 bytes");
    EXPECT_EQ(Settings::check_ssid(std::string(33, 'x')).message(), "SSID must be 1-32 bytes");
    EXPECT_EQ(Settings::check_ssid("a\nb").message(), "SSID must not contain control characters");

    EXPECT_TRUE(Settings::check_password("").ok());  // open network
    EXPECT_TRUE(Settings::check_password("12345678").ok());
    EXPECT_TRUE(Settings::check_password(std::string(63, 'p')).ok());
    EXPECT_TRUE(Settings::check_password(std::string(64, 'a')).ok());  // a raw hex key
    const std::string why =
        "password must be empty (open network), 8-63 characters, or 64 hex digits";
    EXPECT_EQ(Settings::check_password("short").message(), why);
    EXPECT_EQ(Settings::check_password(std::string(64, 'z')).message(), why);
    EXPECT_EQ(Settings::check_password(std::string(65, 'a')).message(), why);
}

TEST(Settings, PathCameraIdAndToken) {
    EXPECT_TRUE(Settings::check_path("/ws/camera").ok());
    EXPECT_EQ(Settings::check_path("ws/camera").message(), "path 'ws/camera' must start with '/'");
    EXPECT_EQ(Settings::check_path("/a b").message(),
              "path '/a b' must not contain spaces, control characters, '?' or '#'");
    EXPECT_FALSE(Settings::check_path("/a?b").ok());

    EXPECT_TRUE(Settings::check_camera_id("").ok());
    EXPECT_TRUE(Settings::check_camera_id("porch_1-a").ok());
    EXPECT_EQ(Settings::check_camera_id("back yard").message(),
              "camera id 'back yard' must be 1-64 characters of A-Z a-z 0-9 _ -");
    EXPECT_FALSE(Settings::check_camera_id(std::string(65, 'a')).ok());

    EXPECT_TRUE(Settings::check_token("").ok());
    EXPECT_TRUE(Settings::check_token("abc.DEF_123~-").ok());
    EXPECT_EQ(Settings::check_token("a&b").message(),
              "token must be at most 128 characters of A-Z a-z 0-9 . _ ~ -");
}

TEST(Settings, ValidateNamesTheFirstBadField) {
    Settings s;
    s.host = "10.0.0.2";
    EXPECT_TRUE(s.validate().ok());
    s.frame_interval_ms = 5;
    EXPECT_EQ(s.validate().message(), "frame interval 5 ms is out of range (10-1000 ms)");
    s.frame_interval_ms = 66;
    s.port = 0;
    EXPECT_EQ(s.validate().message(), "port 0 is out of range (1-65535)");
    s.port = 80;
    s.host = "bad host";
    EXPECT_FALSE(s.validate().ok());
}

TEST(Settings, StreamUrlAndConfig) {
    Settings s;
    s.host = "192.168.1.10";
    EXPECT_EQ(s.stream_url(), "ws://192.168.1.10:8080/ws/camera");
    s.camera_id = "porch";
    s.port = 9000;
    EXPECT_EQ(s.stream_url(), "ws://192.168.1.10:9000/ws/camera/porch");
    s.token = "s3cret";
    EXPECT_EQ(s.stream_url(), "ws://192.168.1.10:9000/ws/camera/porch?token=s3cret");
    s.host = "::1";
    s.token.clear();
    s.path = "/cams/";
    EXPECT_EQ(s.stream_url(), "ws://[::1]:9000/cams/porch");
    s.tls = true;
    EXPECT_EQ(s.stream_url(), "wss://[::1]:9000/cams/porch");
    s.tls = false;

    camstream::camera::StreamConfig base;
    base.send_timeout = 5s;
    s.frame_interval_ms = 40;
    const auto c = s.stream_config(base);
    EXPECT_EQ(c.url, "ws://[::1]:9000/cams/porch");
    EXPECT_EQ(c.frame_interval, 40ms);
    EXPECT_EQ(c.send_timeout, 5s);  // the platform's tuning is kept
}
