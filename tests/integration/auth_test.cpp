// Who may publish and who may watch, against a real server: camera tokens, viewer logins with
// a session cookie, share links, Origin checks and the metrics token. Each refusal is checked
// with the status a client sees.
#include <turbojpeg.h>

#include <regex>

#include "media/test_images.hpp"
#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;

const std::vector<std::uint8_t>& frame() {
    static const auto jpeg = media::test::make_jpeg(320, 240, TJSAMP_420);
    return jpeg;
}

int count_of(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

ChildProcess start_mock(std::uint16_t port, const std::string& id,
                        const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"--host",  "127.0.0.1", "--port",   std::to_string(port),
                                     "--id",    id,          "--fps",    "15",
                                     "--width", "320",       "--height", "240"};
    args.insert(args.end(), extra.begin(), extra.end());
    return ChildProcess(MOCK_CAMERA_BIN, args);
}

// Reads messages until a binary fragment that is not an init segment arrives.
bool receives_a_fragment(WsClient& viewer) {
    const auto got = capture(viewer, 1, 20s);
    return got.fragments.size() == 1;
}

class CameraTokenTest : public ServerTest {
protected:
    void SetUp() override {
        start({"--camera-token", "cam-1=one-secret", "--camera-token", "cam-2=two-secret"});
    }
};

TEST_F(CameraTokenTest, ACameraWithoutOrWithAWrongTokenGets401BeforeTheUpgrade) {
    EXPECT_EQ(upgrade_status(port_, "/ws/camera/cam-1"), 401);
    EXPECT_EQ(upgrade_status(port_, "/ws/camera/cam-1?token=wrong-token-value"), 401);
    EXPECT_EQ(upgrade_status(port_, "/ws/camera/cam-1", {{"Authorization", "Bearer nope"}}), 401);
    // Another camera's token is a wrong token.
    EXPECT_EQ(upgrade_status(port_, "/ws/camera/cam-1?token=two-secret"), 401);
    EXPECT_EQ(upgrade_status(camera_port_, "/ws/camera/cam-1"), 401);
    EXPECT_EQ(upgrade_status(camera_port_, "/ws/camera/cam-2?token=one-secret"), 401);
    // Refused before any id was made for them.
    const auto cameras = nlohmann::json::parse(http_get(port_, "/api/cameras").body);
    EXPECT_TRUE(cameras["cameras"].empty()) << cameras;
    // Logged once for the address in the minute, and the token never.
    const std::string log = server_->log();
    EXPECT_EQ(count_of(log, "refused camera"), 1) << log;
    EXPECT_NE(log.find("refused camera /ws/camera/cam-1 (camera sent no token) from 127.0.0.1"),
              std::string::npos)
        << log;
    EXPECT_EQ(log.find("wrong-token-value"), std::string::npos) << log;
    EXPECT_EQ(log.find("two-secret"), std::string::npos) << log;
}

TEST_F(CameraTokenTest, TheRightTokenStreamsInTheQueryOrAsABearerHeaderOnBothPorts) {
    WsClient by_query(port_, "/ws/camera/cam-1?token=one-secret");
    send_and_wait(by_query, "cam-1", frame());
    WsClient by_header(camera_port_, "/ws/camera/cam-2", 0,
                       {{"Authorization", "Bearer two-secret"}});
    send_and_wait(by_header, "cam-2", frame());
    EXPECT_EQ(camera_stats("cam-1").value("frames_received", 0), 1);
    EXPECT_EQ(camera_stats("cam-2").value("frames_received", 0), 1);
}

TEST_F(CameraTokenTest, AnIdWithoutATokenIsRefusedAndAViewerCannotCreateOne) {
    EXPECT_EQ(upgrade_status(port_, "/ws/camera/cam-9?token=one-secret"), 403);
    // The camera port's paths without an id are camera "default", which has no token.
    EXPECT_EQ(upgrade_status(camera_port_, "/?token=one-secret"), 403);
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/cam-9"), 404);
    const auto cameras = nlohmann::json::parse(http_get(port_, "/api/cameras").body);
    EXPECT_TRUE(cameras["cameras"].empty()) << cameras;
    // A camera that connected once can be waited for.
    {
        WsClient camera(port_, "/ws/camera/cam-1?token=one-secret");
        send_and_wait(camera, "cam-1", frame());
    }
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/cam-1"), 101);
}

TEST_F(CameraTokenTest, ATakeoverWithoutTheTokenLeavesTheCameraAndItsViewerUndisturbed) {
    auto mock = start_mock(port_, "cam-1", {"--token", "one-secret", "--token-header"});
    // Only the camera makes its id; a viewer may wait for it once it exists.
    wait_for_stats("cam-1", [](const nlohmann::json& s) { return !s.empty(); });
    WsClient viewer(port_, "/ws/viewer/cam-1");
    auto before = capture(viewer, 5, 30s);
    ASSERT_EQ(before.fragments.size(), 5u) << server_->log() << mock.log();

    EXPECT_EQ(upgrade_status(port_, "/ws/camera/cam-1"), 401);
    EXPECT_EQ(upgrade_status(port_, "/ws/camera/cam-1?token=guess"), 401);
    EXPECT_EQ(upgrade_status(camera_port_, "/ws/camera/cam-1"), 401);
    // The right token from a browser page of another site is no better.
    EXPECT_EQ(upgrade_status(port_, "/ws/camera/cam-1?token=one-secret",
                             {{"Origin", "http://elsewhere.example"}}),
              403);

    const auto after = capture(viewer, 10, 30s);
    ASSERT_EQ(after.fragments.size(), 10u);
    // No new init, no offline: the same stream went on, and its timeline has no gap that
    // Media Source Extensions would take for a discontinuity.
    for (const auto& part : after.order) EXPECT_EQ(part, "frag");
    std::vector<std::string> all = before.fragments;
    all.insert(all.end(), after.fragments.begin(), after.fragments.end());
    expect_jumps_only_on_keyframes(all);
    EXPECT_EQ(mock.log().find("replaced"), std::string::npos) << mock.log();
    EXPECT_EQ(server_->log().find("closing (4000"), std::string::npos) << server_->log();
}

TEST_F(CameraTokenTest, WithTheTokenAReconnectingCameraStillReplacesItsOldConnection) {
    WsClient old_connection(port_, "/ws/camera/cam-1?token=one-secret");
    send_and_wait(old_connection, "cam-1", frame());
    WsClient rebooted(port_, "/ws/camera/cam-1", 0, {{"Authorization", "Bearer one-secret"}});
    EXPECT_EQ(old_connection.read_until_closed(), 4000);
}

class ViewerLoginTest : public ServerTest {
protected:
    void SetUp() override {
        start({"--viewer-password", "alice:wonderland", "--camera-token", "cam-1=one-secret",
               "--camera-token", "cam-2=two-secret"});
    }

    // Logs in through the form; the Cookie header value to send from then on.
    std::string log_in() {
        const auto answer = http_request(
            port_, "POST", "/login", {{"Content-Type", "application/x-www-form-urlencoded"}},
            "user=alice&password=wonderland&next=%2F%3Fcamera%3Dcam-1");
        EXPECT_EQ(answer.head.status, 303);
        EXPECT_EQ(answer.head.field("location"), "/?camera=cam-1");
        const std::string set_cookie = answer.head.field("set-cookie");
        EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
        EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos) << set_cookie;
        EXPECT_EQ(set_cookie.find("Secure"), std::string::npos) << set_cookie;  // no TLS here
        return set_cookie.substr(0, set_cookie.find(';'));
    }
};

TEST_F(ViewerLoginTest, WithoutALoginPagesRedirectAndEverythingElseGets401) {
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/cam-1"), 401);
    EXPECT_EQ(upgrade_status(port_, "/ws/events"), 401);
    EXPECT_EQ(http_get(port_, "/api/cameras").status, 401);
    EXPECT_EQ(http_get(port_, "/status").status, 401);
    EXPECT_EQ(http_get(port_, "/api/cameras/cam-1/snapshot.jpg").status, 401);
    EXPECT_EQ(http_get(port_, "/api/cameras/cam-1/mjpeg").status, 401);
    EXPECT_EQ(http_get(port_, "/hls/cam-1/index.m3u8").status, 401);
    const auto curl = http_request(port_, "GET", "/api/cameras");
    EXPECT_EQ(curl.head.field("www-authenticate").rfind("Basic", 0), 0u);
    const auto page = http_request(port_, "GET", "/?camera=cam-1");
    EXPECT_EQ(page.head.status, 302);
    EXPECT_EQ(page.head.field("location"), "/login?next=/%3Fcamera%3Dcam-1");
    const auto form = http_get(port_, "/login?next=/%3Fcamera%3Dcam-1");
    EXPECT_EQ(form.status, 200);
    EXPECT_NE(form.body.find("<form method=\"post\" action=\"/login\""), std::string::npos);
    EXPECT_EQ(http_get(port_, "/healthz").status, 200);
    EXPECT_EQ(http_get(port_, "/metrics").status, 200);  // open without --metrics-token
}

TEST_F(ViewerLoginTest, AWrongPasswordGets401AndTheRightOneACookieThatPlays) {
    const auto wrong = http_request(port_, "POST", "/login",
                                    {{"Content-Type", "application/x-www-form-urlencoded"}},
                                    "user=alice&password=guess");
    EXPECT_EQ(wrong.head.status, 401);
    EXPECT_FALSE(wrong.head.has("set-cookie"));
    EXPECT_NE(wrong.body.find("Wrong user or password"), std::string::npos);

    const std::string cookie = log_in();
    EXPECT_EQ(http_request(port_, "GET", "/api/cameras", {{"Cookie", cookie}}).head.status, 200);
    EXPECT_EQ(http_request(port_, "GET", "/", {{"Cookie", cookie}}).head.status, 200);
    WsClient camera(port_, "/ws/camera/cam-1?token=one-secret");
    WsClient viewer(port_, "/ws/viewer/cam-1", 0, {{"Cookie", cookie}});
    WsClient events(port_, "/ws/events", 0, {{"Cookie", cookie}});
    for (int i = 0; i < 3; ++i) camera.send_binary(frame());
    EXPECT_TRUE(receives_a_fragment(viewer)) << server_->log();
    ASSERT_TRUE(events.read());
    // HTTP Basic works on any request, for players and curl.
    EXPECT_EQ(http_request(port_, "GET", "/api/cameras",
                           {{"Authorization", "Basic YWxpY2U6d29uZGVybGFuZA=="}})
                  .head.status,
              200);
    // Logging out clears the cookie.
    const auto out = http_request(port_, "POST", "/logout", {{"Cookie", cookie}});
    EXPECT_EQ(out.head.status, 303);
    EXPECT_NE(out.head.field("set-cookie").find("Max-Age=0"), std::string::npos);
}

TEST_F(ViewerLoginTest, AShareLinkPlaysItsCameraOnlyAndStopsWhenItExpires) {
    const std::string cookie = log_in();
    EXPECT_EQ(http_get(port_, "/api/cameras/cam-1/share?seconds=60").status, 401);
    auto mock = start_mock(port_, "cam-1", {"--token", "one-secret"});
    WsClient cam2(port_, "/ws/camera/cam-2?token=two-secret");
    cam2.send_binary(frame());

    const auto long_link = nlohmann::json::parse(
        http_request(port_, "GET", "/api/cameras/cam-1/share?seconds=600", {{"Cookie", cookie}})
            .body);
    const std::string base = "http://127.0.0.1:" + std::to_string(port_);
    const std::string hls = long_link["hls"];
    ASSERT_TRUE(hls.starts_with(base + "/share/")) << long_link;
    const std::string token = long_link["snapshot"].get<std::string>().substr(
        long_link["snapshot"].get<std::string>().find("token=") + 6);

    // Snapshot and MJPEG of cam-1 with the token; HLS through the path, playlist and parts.
    const std::string snapshot = "/api/cameras/cam-1/snapshot.jpg?token=" + token;
    auto shot = http_get(port_, snapshot);
    // 404 until the mock connects, 503 until its first frame.
    for (int i = 0; i < 200 && (shot.status == 404 || shot.status == 503); ++i) {
        std::this_thread::sleep_for(100ms);
        shot = http_get(port_, snapshot);
    }
    EXPECT_EQ(shot.status, 200);
    HttpConnection mjpeg(port_);
    mjpeg.send_request("GET", "/api/cameras/cam-1/mjpeg?token=" + token);
    const auto mjpeg_head = mjpeg.read_head();
    ASSERT_TRUE(mjpeg_head);
    EXPECT_EQ(mjpeg_head->status, 200);
    mjpeg.close();
    const std::string hls_path = hls.substr(base.size());
    const auto playlist = http_get(port_, hls_path);
    ASSERT_EQ(playlist.status, 200) << playlist.body;
    std::smatch uri;
    ASSERT_TRUE(std::regex_search(playlist.body, uri, std::regex(R"((seg-\d+\.m4s))")))
        << playlist.body;
    const std::string hls_dir = hls_path.substr(0, hls_path.rfind('/') + 1);
    EXPECT_EQ(http_get(port_, hls_dir + uri[1].str()).status, 200);

    // Not for another camera, nor for anything but the camera's media.
    EXPECT_EQ(http_get(port_, "/api/cameras/cam-2/snapshot.jpg?token=" + token).status, 401);
    EXPECT_EQ(http_get(port_, "/share/" + token + "/hls/cam-2/index.m3u8").status, 401);
    EXPECT_EQ(http_get(port_, "/api/cameras?token=" + token).status, 401);
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/cam-1?token=" + token), 401);

    // A three-second link works, then stops. (One second could pass before its first use on a
    // loaded machine.)
    const auto short_link = nlohmann::json::parse(
        http_request(port_, "GET", "/api/cameras/cam-1/share?seconds=3", {{"Cookie", cookie}})
            .body);
    const std::string short_snapshot =
        short_link["snapshot"].get<std::string>().substr(base.size());
    int status = http_get(port_, short_snapshot).status;
    EXPECT_EQ(status, 200);
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (status == 200 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(100ms);
        status = http_get(port_, short_snapshot).status;
    }
    EXPECT_EQ(status, 401);
    EXPECT_EQ(http_get(port_, snapshot).status, 200);  // the long one still works
    EXPECT_EQ(http_request(port_, "GET", "/api/cameras/cam-1/share?seconds=0", {{"Cookie", cookie}})
                  .head.status,
              400);
}

TEST_F(ViewerLoginTest, PagesOfAnotherOriginAreRefusedWith403) {
    const std::string cookie = log_in();
    WsClient camera(port_, "/ws/camera/cam-1?token=one-secret");
    camera.send_binary(frame());
    const std::string own = "http://127.0.0.1:" + std::to_string(port_);
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/cam-1", {{"Cookie", cookie}, {"Origin", own}}),
              101);
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/cam-1",
                             {{"Cookie", cookie}, {"Origin", "http://127.0.0.1:1"}}),
              403);
    EXPECT_EQ(upgrade_status(port_, "/ws/events",
                             {{"Cookie", cookie}, {"Origin", "http://evil.example"}}),
              403);
    EXPECT_EQ(http_request(port_, "POST", "/logout",
                           {{"Cookie", cookie}, {"Origin", "http://evil.example"}})
                  .head.status,
              403);
    EXPECT_EQ(http_request(port_, "POST", "/login", {{"Origin", "http://evil.example"}},
                           "user=alice&password=wonderland")
                  .head.status,
              403);
    // A viewer of an id no camera ever used is 404, not a new id.
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/cam-7", {{"Cookie", cookie}}), 404);
}

class AllowedOriginTest : public ServerTest {
protected:
    void SetUp() override { start({"--allowed-origin", "https://dash.example"}); }
};

TEST_F(AllowedOriginTest, AListedOriginMayOpenAViewerAndOthersGet403) {
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/cam-1", {{"Origin", "https://dash.example"}}), 101);
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/cam-1", {{"Origin", "https://other.example"}}),
              403);
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/cam-1"), 101);  // curl, players: no Origin
}

class MetricsTokenTest : public ServerTest {
protected:
    void SetUp() override { start({"--metrics-token", "scrape-me"}); }
};

TEST_F(MetricsTokenTest, MetricsNeedTheBearerTokenAndHealthzStaysOpen) {
    EXPECT_EQ(http_get(port_, "/metrics").status, 401);
    EXPECT_EQ(
        http_request(port_, "GET", "/metrics", {{"Authorization", "Bearer wrong"}}).head.status,
        401);
    const auto ok = http_request(port_, "GET", "/metrics", {{"Authorization", "Bearer scrape-me"}});
    EXPECT_EQ(ok.head.status, 200);
    EXPECT_NE(ok.body.find("camstream_"), std::string::npos);
    EXPECT_EQ(http_get(port_, "/healthz").status, 200);
    // No viewer passwords: the rest stays open.
    EXPECT_EQ(http_get(port_, "/api/cameras").status, 200);
}

TEST_F(ServerTest, WithoutCredentialsTheServerSaysAnyoneMayWatchAndPublish) {
    EXPECT_NE(server_->log().find("no credentials configured: anyone who can reach"),
              std::string::npos)
        << server_->log();
    EXPECT_EQ(upgrade_status(port_, "/ws/camera/x", {{"Origin", "http://evil.example"}}), 101);
}

}  // namespace
}  // namespace camstream::test
