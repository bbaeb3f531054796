#include "stream/camera_id.hpp"

#include <gtest/gtest.h>

#include <string>

namespace camstream::stream {
namespace {

TEST(CameraId, AcceptsTheSafeAlphabet) {
    EXPECT_TRUE(is_valid_camera_id("default"));
    EXPECT_TRUE(is_valid_camera_id("porch-cam_2"));
    EXPECT_TRUE(is_valid_camera_id(std::string(64, 'a')));
}

TEST(CameraId, RefusesEverythingElse) {
    EXPECT_FALSE(is_valid_camera_id(""));
    EXPECT_FALSE(is_valid_camera_id(std::string(65, 'a')));
    EXPECT_FALSE(is_valid_camera_id("bad!id"));
    EXPECT_FALSE(is_valid_camera_id("a/b"));
    EXPECT_FALSE(is_valid_camera_id(".."));
    EXPECT_FALSE(is_valid_camera_id("caf\xc3\xa9"));
    EXPECT_FALSE(is_valid_camera_id("a b"));
}

}  // namespace
}  // namespace camstream::stream
