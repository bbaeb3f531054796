// The plain HTTP side and the process's life: endpoints, refusals, clean shutdown.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;

TEST_F(ServerTest, EndpointsAnswerAsDocumented) {
    const auto page = http_get(port_, "/");
    EXPECT_EQ(page.status, 200);
    // The web client: the wall page and the script it loads.
    EXPECT_NE(page.body.find("<title>camstream</title>"), std::string::npos);
    EXPECT_EQ(http_get(port_, "/app.js").status, 200);
    EXPECT_EQ(http_get(port_, "/healthz").status, 200);

    const auto status = nlohmann::json::parse(http_get(port_, "/status").body);
    EXPECT_EQ(status["camera_clients"], 0);
    EXPECT_EQ(status["viewer_clients"], 0);
    EXPECT_EQ(status["streaming"], false);

    WsClient viewer(port_, "/ws/viewer/porch");
    ASSERT_TRUE(viewer.read(5s));  // the offline status: the viewer is registered
    const auto cameras = nlohmann::json::parse(http_get(port_, "/api/cameras").body);
    ASSERT_EQ(cameras["cameras"].size(), 1u);
    const auto& porch = cameras["cameras"][0];
    for (const char* key :
         {"id", "connected", "width", "height", "fps", "bitrate_kbps", "viewers", "frames_received",
          "frames_encoded", "frames_dropped", "frames_rejected"}) {
        EXPECT_TRUE(porch.contains(key)) << key;
    }
    EXPECT_EQ(porch["id"], "porch");
    EXPECT_EQ(porch["viewers"], 1);

    const auto metrics = http_get(port_, "/metrics");
    EXPECT_EQ(metrics.status, 200);
    EXPECT_NE(metrics.body.find("camstream_viewers{camera=\"porch\"} 1"), std::string::npos)
        << metrics.body;
    EXPECT_NE(metrics.body.find("# TYPE camstream_frames_received_total counter"),
              std::string::npos);
}

TEST_F(ServerTest, UnknownPathsAndTraversalNeverReachAFile) {
    EXPECT_EQ(http_get(port_, "/nope.html").status, 404);
    EXPECT_EQ(http_get(port_, "/../../etc/passwd").status, 400);
    EXPECT_EQ(http_get(port_, "/%2e%2e/%2e%2e/etc/passwd").status, 400);
    EXPECT_EQ(http_get(port_, "/..%2fCMakeLists.txt").status, 400);
    const auto r = http_get(port_, "//etc/passwd");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body.find("root:"), std::string::npos);
    EXPECT_EQ(http_get(camera_port_, "/").status, 404);  // the camera port serves no page
}

TEST_F(ServerTest, SigtermClosesEveryConnectionWith1001AndExitsZero) {
    WsClient viewer(port_, "/ws/viewer");
    WsClient camera(port_, "/ws/camera");
    ASSERT_TRUE(viewer.read(5s));
    const auto code = server_->stop(10s);
    EXPECT_EQ(code, std::optional<int>(0)) << server_->log();
    EXPECT_EQ(viewer.read_until_closed(5s), 1001);
    EXPECT_EQ(camera.read_until_closed(5s), 1001);
}

TEST(ServerStart, APortInUseIsOneClearError) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ASSERT_EQ(::listen(fd, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    const std::string port = std::to_string(ntohs(addr.sin_port));
    ChildProcess server(CAMSTREAM_SERVER_BIN,
                        {"--listen", "127.0.0.1", "--port", port, "--camera-port", "-1"});
    EXPECT_EQ(server.wait(30s), std::optional<int>(1));
    EXPECT_NE(server.log().find("cannot listen on 127.0.0.1:" + port), std::string::npos)
        << server.log();
    ::close(fd);
}

TEST(ServerStart, HelpAndBadFlags) {
    ChildProcess help(CAMSTREAM_SERVER_BIN, {"--help"});
    EXPECT_TRUE(help.wait_for_line(std::regex("--keyframe-interval"), 30s));
    EXPECT_EQ(help.wait(30s), std::optional<int>(0));
    ChildProcess bad(CAMSTREAM_SERVER_BIN, {"--port", "banana"});
    EXPECT_NE(bad.wait(30s), std::optional<int>(0));
}

}  // namespace
}  // namespace camstream::test
