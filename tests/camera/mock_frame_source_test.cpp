#include "camera/host/mock_frame_source.hpp"

#include <gtest/gtest.h>

#include "jpeg_test_util.hpp"

using namespace camstream::camera;
using camstream::camera::testing::count_differing_pixels;
using camstream::camera::testing::decode_rgb;
using camstream::camera::testing::has_jpeg_markers;
using camstream::camera::testing::read_jpeg_header;

TEST(MockFrameSource, FramesAreCompleteJpegsOfTheRequestedSize) {
    MockFrameSource source{{.width = 640, .height = 480}};
    std::vector<std::uint8_t> jpeg;
    for (int i = 0; i < 3; ++i) {
        ASSERT_TRUE(source.capture(jpeg).ok());
        EXPECT_TRUE(has_jpeg_markers(jpeg));
        const auto info = read_jpeg_header(jpeg);
        ASSERT_TRUE(info);
        EXPECT_EQ(info->width, 640);
        EXPECT_EQ(info->height, 480);
    }
}

TEST(MockFrameSource, ConsecutiveFramesHaveDifferentPixels) {
    MockFrameSource source{{.width = 320, .height = 240, .fps = 25}};
    std::vector<std::uint8_t> a, b;
    ASSERT_TRUE(source.capture(a).ok());
    ASSERT_TRUE(source.capture(b).ok());
    const auto pa = decode_rgb(a), pb = decode_rgb(b);
    ASSERT_EQ(pa.size(), 320u * 240u * 3u);
    ASSERT_EQ(pb.size(), pa.size());
    // 40 ms of motion: the shapes and the frame counter move visibly.
    EXPECT_GT(count_differing_pixels(pa, pb), 100u);
}

TEST(MockFrameSource, OddSizesWork) {
    for (auto [w, h] : {std::pair{641, 481}, {1, 1}, {17, 9}, {3, 1000}, {1001, 7}}) {
        MockFrameSource source{{.width = w, .height = h, .subsampling = ChromaSubsampling::k420}};
        std::vector<std::uint8_t> jpeg;
        ASSERT_TRUE(source.capture(jpeg).ok()) << w << "x" << h;
        const auto info = read_jpeg_header(jpeg);
        ASSERT_TRUE(info) << w << "x" << h;
        EXPECT_EQ(info->width, w);
        EXPECT_EQ(info->height, h);
        EXPECT_EQ(decode_rgb(jpeg).size(), std::size_t(w) * h * 3);
    }
}
