#include "server/camera_path.hpp"

#include <gtest/gtest.h>

namespace camstream::server {
namespace {

using Kind = CameraPath::Kind;

TEST(CameraPath, NamesTheEndpointAndTheCamera) {
    const auto snap = parse_camera_path("/api/cameras/porch/snapshot.jpg");
    EXPECT_EQ(snap.kind, Kind::snapshot);
    EXPECT_EQ(snap.camera_id, "porch");
    EXPECT_EQ(parse_camera_path("/api/cameras/por%63h/mjpeg").camera_id, "porch");
    EXPECT_EQ(parse_camera_path("/api/cameras/porch/mjpeg").kind, Kind::mjpeg);
    const auto hls = parse_camera_path("/hls/porch/part-3.1.m4s");
    EXPECT_EQ(hls.kind, Kind::hls);
    EXPECT_EQ(hls.camera_id, "porch");
    EXPECT_EQ(hls.file, "part-3.1.m4s");
}

TEST(CameraPath, BadIdsAreRefusedIncludingAnEncodedSlash) {
    EXPECT_EQ(parse_camera_path("/api/cameras/a%2Fb/snapshot.jpg").kind, Kind::bad_id);
    EXPECT_EQ(parse_camera_path("/api/cameras/bad!id/mjpeg").kind, Kind::bad_id);
    EXPECT_EQ(parse_camera_path("/api/cameras/%zz/mjpeg").kind, Kind::bad_id);
    EXPECT_EQ(parse_camera_path("/hls/" + std::string(65, 'x') + "/index.m3u8").kind, Kind::bad_id);
    EXPECT_EQ(parse_camera_path("/hls/a%2Fb/index.m3u8").kind, Kind::bad_id);
}

TEST(CameraPath, OtherPathsAreNoneOfThem) {
    EXPECT_EQ(parse_camera_path("/api/cameras").kind, Kind::none);
    EXPECT_EQ(parse_camera_path("/api/cameras/porch").kind, Kind::none);
    EXPECT_EQ(parse_camera_path("/api/cameras/porch/other").kind, Kind::none);
    EXPECT_EQ(parse_camera_path("/hls/porch/").kind, Kind::none);
    EXPECT_EQ(parse_camera_path("/hls/porch/a/b").kind, Kind::none);
    EXPECT_EQ(parse_camera_path("/index.html").kind, Kind::none);
}

}  // namespace
}  // namespace camstream::server
