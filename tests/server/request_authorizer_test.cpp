#include "server/auth/request_authorizer.hpp"

#include <gtest/gtest.h>

#include "server/auth/request_credentials.hpp"
#include "server/auth/route_access.hpp"

namespace camstream::server::auth {
namespace {

using namespace std::chrono_literals;
using Kind = Decision::Kind;
const RequestAuthorizer::Clock::time_point now{std::chrono::seconds(1'800'000'000)};

HttpRequest get(const std::string& target) {
    HttpRequest request{http::verb::get, target, 11};
    request.set(http::field::host, "cams.example:8080");
    return request;
}

HttpRequest upgrade(const std::string& target) {
    HttpRequest request = get(target);
    request.set(http::field::connection, "Upgrade");
    request.set(http::field::upgrade, "websocket");
    request.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
    request.set(http::field::sec_websocket_version, "13");
    return request;
}

AuthConfig full_config() {
    AuthConfig config;
    add_camera_token(config, "cam-1=one");
    add_camera_token(config, "*=fleet");
    add_viewer_password(config, "alice:wonderland");
    config.share_secret = "test key";
    config.metrics_token = "scrape";
    return config;
}

Kind decide(const RequestAuthorizer& auth, const HttpRequest& request, Access access,
            const std::string& camera = {}, RequestAuthorizer::Clock::time_point at = now) {
    return auth.decide(request, access, camera, at).kind;
}

TEST(RequestAuthorizer, WithNothingConfiguredEverythingIsOpen) {
    const RequestAuthorizer auth{AuthConfig{}};
    auto request = upgrade("/ws/camera/cam-1");
    request.set(http::field::origin, "http://elsewhere.example");
    EXPECT_EQ(decide(auth, request, Access::camera, "cam-1"), Kind::allow);
    EXPECT_EQ(decide(auth, upgrade("/ws/viewer/x"), Access::viewer), Kind::allow);
    EXPECT_EQ(decide(auth, get("/metrics"), Access::metrics), Kind::allow);
    EXPECT_EQ(decide(auth, get("/"), Access::page), Kind::allow);
}

TEST(RequestAuthorizer, ACameraNeedsItsOwnTokenInTheHeaderOrTheQuery) {
    const RequestAuthorizer auth{full_config()};
    EXPECT_EQ(decide(auth, upgrade("/ws/camera/cam-1"), Access::camera, "cam-1"),
              Kind::unauthorized);
    EXPECT_EQ(decide(auth, upgrade("/ws/camera/cam-1?token=wrong"), Access::camera, "cam-1"),
              Kind::unauthorized);
    // "*" is for ids without a token of their own.
    EXPECT_EQ(decide(auth, upgrade("/ws/camera/cam-1?token=fleet"), Access::camera, "cam-1"),
              Kind::unauthorized);
    EXPECT_EQ(decide(auth, upgrade("/ws/camera/cam-1?token=one"), Access::camera, "cam-1"),
              Kind::allow);
    auto bearer = upgrade("/ws/camera/cam-1");
    bearer.set(http::field::authorization, "Bearer one");
    EXPECT_EQ(decide(auth, bearer, Access::camera, "cam-1"), Kind::allow);
    EXPECT_EQ(decide(auth, upgrade("/ws/camera/cam-9?token=fleet"), Access::camera, "cam-9"),
              Kind::allow);
}

TEST(RequestAuthorizer, AnIdWithoutATokenIsForbiddenWhenThereIsNoAnyIdToken) {
    AuthConfig config;
    add_camera_token(config, "cam-1=one");
    const RequestAuthorizer auth{config};
    EXPECT_EQ(decide(auth, upgrade("/ws/camera/cam-2?token=one"), Access::camera, "cam-2"),
              Kind::forbidden);
    // Cameras need tokens, viewers no login: the page stays open.
    EXPECT_EQ(decide(auth, upgrade("/ws/viewer/cam-1"), Access::viewer), Kind::allow);
}

TEST(RequestAuthorizer, AViewerNeedsALoginAndAPageIsSentToTheLoginForm) {
    const RequestAuthorizer auth{full_config()};
    EXPECT_EQ(decide(auth, upgrade("/ws/viewer/cam-1"), Access::viewer), Kind::unauthorized);
    EXPECT_EQ(decide(auth, get("/api/cameras"), Access::viewer), Kind::unauthorized);
    EXPECT_EQ(decide(auth, get("/"), Access::page), Kind::login);
    EXPECT_EQ(decide(auth, get("/healthz"), Access::open), Kind::allow);

    auto basic = get("/api/cameras");
    basic.set(http::field::authorization, "Basic YWxpY2U6d29uZGVybGFuZA==");  // alice:wonderland
    const auto decision = auth.decide(basic, Access::viewer, {}, now);
    EXPECT_EQ(decision.kind, Kind::allow);
    EXPECT_EQ(decision.user, "alice");
    basic.set(http::field::authorization, "Basic YWxpY2U6d3Jvbmc=");  // alice:wrong
    EXPECT_EQ(decide(auth, basic, Access::viewer), Kind::unauthorized);
}

TEST(RequestAuthorizer, TheSessionCookieLogsInUntilItExpires) {
    const RequestAuthorizer auth{full_config()};
    const std::string set_cookie = auth.session_cookie("alice", now);
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(set_cookie.find("Secure"), std::string::npos);
    auto request = upgrade("/ws/viewer/cam-1");
    request.set(http::field::cookie, "other=1; " + set_cookie.substr(0, set_cookie.find(';')));
    EXPECT_EQ(decide(auth, request, Access::viewer), Kind::allow);
    EXPECT_EQ(decide(auth, request, Access::viewer, {}, now + 13h), Kind::unauthorized);
    // Another key (another server, or a restart without --share-secret) logs nobody in.
    auto other = full_config();
    other.share_secret = "another key";
    EXPECT_EQ(decide(RequestAuthorizer{other}, request, Access::viewer), Kind::unauthorized);
    // Nor does a user whose password is no longer configured.
    auto without_alice = full_config();
    without_alice.viewer_passwords = {{"bob", "pw"}};
    EXPECT_EQ(decide(RequestAuthorizer{without_alice}, request, Access::viewer),
              Kind::unauthorized);
}

TEST(RequestAuthorizer, CookiesAreSecureUnderTls) {
    auto config = full_config();
    config.secure_cookies = true;
    const RequestAuthorizer auth{config};
    EXPECT_NE(auth.session_cookie("alice", now).find("; Secure"), std::string::npos);
    EXPECT_NE(auth.logout_cookie().find("; Secure"), std::string::npos);
}

TEST(RequestAuthorizer, AShareLinkPlaysItsCameraOnlyAndOnlyUntilItExpires) {
    const RequestAuthorizer auth{full_config()};
    const auto token = auth.share_token("cam-1", now + 60s);
    const auto media = get("/api/cameras/cam-1/mjpeg?token=" + token);
    EXPECT_EQ(decide(auth, media, Access::camera_media, "cam-1"), Kind::allow);
    EXPECT_EQ(decide(auth, media, Access::camera_media, "cam-2"), Kind::unauthorized);
    EXPECT_EQ(decide(auth, media, Access::camera_media, "cam-1", now + 61s), Kind::unauthorized);
    // Not a login: the page, the API and the viewer socket stay closed to it.
    EXPECT_EQ(decide(auth, get("/api/cameras?token=" + token), Access::viewer), Kind::unauthorized);
    EXPECT_EQ(decide(auth, upgrade("/ws/viewer/cam-1?token=" + token), Access::viewer),
              Kind::unauthorized);
}

TEST(RequestAuthorizer, BrowserRequestsFromAnotherOriginAreForbidden) {
    const RequestAuthorizer auth{full_config()};
    auto viewer = upgrade("/ws/viewer/cam-1");
    const std::string cookie = auth.session_cookie("alice", now);
    viewer.set(http::field::cookie, cookie.substr(0, cookie.find(';')));
    EXPECT_EQ(decide(auth, viewer, Access::viewer), Kind::allow);
    viewer.set(http::field::origin, "http://cams.example:8080");
    EXPECT_EQ(decide(auth, viewer, Access::viewer), Kind::allow);
    viewer.set(http::field::origin, "http://cams.example:9999");
    EXPECT_EQ(decide(auth, viewer, Access::viewer), Kind::forbidden);

    auto camera = upgrade("/ws/camera/cam-1?token=one");
    camera.set(http::field::origin, "http://evil.example");
    EXPECT_EQ(decide(auth, camera, Access::camera, "cam-1"), Kind::forbidden);

    HttpRequest post{http::verb::post, "/logout", 11};
    post.set(http::field::host, "cams.example:8080");
    post.set(http::field::origin, "http://evil.example");
    EXPECT_EQ(decide(auth, post, Access::open), Kind::forbidden);
}

TEST(RequestAuthorizer, MetricsNeedTheirTokenWhenOneIsSet) {
    const RequestAuthorizer auth{full_config()};
    auto request = get("/metrics");
    EXPECT_EQ(decide(auth, request, Access::metrics), Kind::unauthorized);
    request.set(http::field::authorization, "Bearer wrong");
    EXPECT_EQ(decide(auth, request, Access::metrics), Kind::unauthorized);
    request.set(http::field::authorization, "bearer scrape");
    EXPECT_EQ(decide(auth, request, Access::metrics), Kind::allow);
    // Without a metrics token /metrics is open, viewer passwords or not.
    auto open = full_config();
    open.metrics_token.clear();
    EXPECT_EQ(decide(RequestAuthorizer{open}, get("/metrics"), Access::metrics), Kind::allow);
}

TEST(RequestCredentials, TakesApartWhatARequestCarries) {
    auto request = get("/x?a=1&token=t%2Bk&b");
    EXPECT_EQ(query_parameter(request.target(), "token"), "t+k");
    EXPECT_EQ(query_parameter(request.target(), "b"), std::nullopt);
    EXPECT_EQ(query_parameter(request.target(), "c"), std::nullopt);
    EXPECT_EQ(camera_token(request), "t+k");
    request.set(http::field::authorization, "Bearer from-header");
    EXPECT_EQ(camera_token(request), "from-header");
    request.set(http::field::cookie, "a=1;camstream_session=v.w.x ; c=3");
    EXPECT_EQ(cookie_value(request, "camstream_session"), "v.w.x");
    EXPECT_EQ(cookie_value(request, "missing"), std::nullopt);
    request.set(http::field::authorization, "Basic !!!");
    EXPECT_EQ(basic_credentials(request), std::nullopt);
}

TEST(RouteAccess, EachPathNeedsWhatItServes) {
    EXPECT_EQ(route_access(upgrade("/ws/camera/a"), false).access, Access::camera);
    EXPECT_EQ(route_access(upgrade("/anything"), true).access, Access::camera);
    EXPECT_EQ(route_access(upgrade("/anything"), true).camera_id, "default");
    EXPECT_EQ(route_access(upgrade("/ws/viewer/a"), false).access, Access::viewer);
    EXPECT_EQ(route_access(upgrade("/ws/events"), false).access, Access::viewer);
    EXPECT_EQ(route_access(get("/"), false).access, Access::page);
    EXPECT_EQ(route_access(get("/app.js"), false).access, Access::page);
    EXPECT_EQ(route_access(get("/api/cameras"), false).access, Access::viewer);
    EXPECT_EQ(route_access(get("/api/cameras/a/share"), false).access, Access::viewer);
    EXPECT_EQ(route_access(get("/status"), false).access, Access::viewer);
    EXPECT_EQ(route_access(get("/metrics"), false).access, Access::metrics);
    EXPECT_EQ(route_access(get("/healthz"), false).access, Access::open);
    EXPECT_EQ(route_access(get("/login"), false).access, Access::open);
    const auto mjpeg = route_access(get("/api/cameras/a/mjpeg"), false);
    EXPECT_EQ(mjpeg.access, Access::camera_media);
    EXPECT_EQ(mjpeg.camera_id, "a");
    EXPECT_EQ(route_access(get("/hls/a/index.m3u8"), false).access, Access::camera_media);
    EXPECT_EQ(route_access(get("/api/cameras/a/snapshot.jpg"), false).access, Access::camera_media);
}

TEST(RouteAccess, ASharePathCarriesItsTokenIntoTheQuery) {
    auto request = get("/share/1.abc.def/hls/cam-1/part-3.m4s?_HLS_msn=2");
    unwrap_share_path(request);
    EXPECT_EQ(request.target(), "/hls/cam-1/part-3.m4s?_HLS_msn=2&token=1.abc.def");
    auto other = get("/share/1.abc.def/api/cameras");
    unwrap_share_path(other);
    EXPECT_EQ(other.target(), "/share/1.abc.def/api/cameras");
}

}  // namespace
}  // namespace camstream::server::auth
