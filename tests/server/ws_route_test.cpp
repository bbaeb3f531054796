#include "server/ws_route.hpp"

#include <gtest/gtest.h>

namespace camstream::server {
namespace {

using Kind = WsRoute::Kind;

TEST(WsRoute, CameraAndViewerPathsNameTheirCamera) {
    EXPECT_EQ(parse_ws_route("/ws/camera", false).camera_id, "default");
    EXPECT_EQ(parse_ws_route("/ws/camera/", false).camera_id, "default");
    EXPECT_EQ(parse_ws_route("/ws/camera/porch", false).camera_id, "porch");
    EXPECT_EQ(parse_ws_route("/ws/camera/porch", false).kind, Kind::camera);
    EXPECT_EQ(parse_ws_route("/ws/viewer", false).camera_id, "default");
    EXPECT_EQ(parse_ws_route("/ws/viewer/", false).camera_id, "default");
    EXPECT_EQ(parse_ws_route("/ws/viewer/por%63h?x=1", false).camera_id, "porch");
    EXPECT_EQ(parse_ws_route("/ws/viewer/porch", false).kind, Kind::viewer);
}

TEST(WsRoute, EventsIsOnTheMainPortOnly) {
    EXPECT_EQ(parse_ws_route("/ws/events", false).kind, Kind::events);
    EXPECT_EQ(parse_ws_route("/ws/events/", false).kind, Kind::events);
    EXPECT_EQ(parse_ws_route("/ws/events?since=1", false).kind, Kind::events);
    EXPECT_EQ(parse_ws_route("/ws/events/a", false).kind, Kind::not_found);
    // A page pointed at the camera port must not become the camera "default".
    EXPECT_EQ(parse_ws_route("/ws/events", true).kind, Kind::not_found);
}

TEST(WsRoute, BadIdsAreRefused) {
    EXPECT_EQ(parse_ws_route("/ws/viewer/bad!id", false).kind, Kind::bad_id);
    EXPECT_EQ(parse_ws_route("/ws/camera/a%2Fb", false).kind, Kind::bad_id);
    EXPECT_EQ(parse_ws_route("/ws/camera/" + std::string(65, 'x'), false).kind, Kind::bad_id);
    EXPECT_EQ(parse_ws_route("/ws/camera/%zz", false).kind, Kind::bad_id);
    EXPECT_EQ(parse_ws_route("/ws/camera/a/b", false).kind, Kind::bad_id);
}

TEST(WsRoute, UnknownPathsAreNotFoundOnTheMainPort) {
    EXPECT_EQ(parse_ws_route("/ws/cameras", false).kind, Kind::not_found);
    EXPECT_EQ(parse_ws_route("/", false).kind, Kind::not_found);
}

TEST(WsRoute, TheCameraPortTakesAnyPathAsTheDefaultCamera) {
    EXPECT_EQ(parse_ws_route("/", true).kind, Kind::camera);
    EXPECT_EQ(parse_ws_route("/", true).camera_id, "default");
    EXPECT_EQ(parse_ws_route("/anything", true).camera_id, "default");
    EXPECT_EQ(parse_ws_route("/ws/camera/yard", true).camera_id, "yard");
    EXPECT_EQ(parse_ws_route("/ws/viewer/yard", true).kind, Kind::not_found);
    EXPECT_EQ(parse_ws_route("/ws/viewer", true).kind, Kind::not_found);
}

}  // namespace
}  // namespace camstream::server
