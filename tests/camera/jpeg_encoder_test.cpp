#include "camera/host/jpeg_encoder.hpp"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include "camera/host/test_pattern.hpp"
#include "jpeg_test_util.hpp"

using namespace camstream::camera;
using camstream::camera::testing::decode_rgb;
using camstream::camera::testing::has_jpeg_markers;
using camstream::camera::testing::read_jpeg_header;

namespace {
RgbImage pattern(int w, int h) {
    RgbImage img;
    TestPattern{w, h, "CAM"}.draw(1.0, 1, std::chrono::system_clock::now(), img);
    return img;
}
}  // namespace

TEST(JpegEncoder, EncodesAValidJpegOfTheImageSize) {
    JpegEncoder enc;
    std::vector<std::uint8_t> jpeg;
    ASSERT_TRUE(enc.encode(pattern(640, 480), jpeg).ok());
    EXPECT_TRUE(has_jpeg_markers(jpeg));
    const auto info = read_jpeg_header(jpeg);
    ASSERT_TRUE(info);
    EXPECT_EQ(info->width, 640);
    EXPECT_EQ(info->height, 480);
    EXPECT_EQ(info->subsampling, TJSAMP_420);
    EXPECT_EQ(decode_rgb(jpeg).size(), 640u * 480u * 3u);
}

TEST(JpegEncoder, SubsamplingIsSelectable) {
    const std::pair<ChromaSubsampling, int> cases[] = {{ChromaSubsampling::k420, TJSAMP_420},
                                                       {ChromaSubsampling::k422, TJSAMP_422},
                                                       {ChromaSubsampling::k444, TJSAMP_444}};
    for (auto [sub, tj] : cases) {
        JpegEncoder enc{80, sub};
        std::vector<std::uint8_t> jpeg;
        ASSERT_TRUE(enc.encode(pattern(64, 48), jpeg).ok());
        const auto info = read_jpeg_header(jpeg);
        ASSERT_TRUE(info);
        EXPECT_EQ(info->subsampling, tj) << static_cast<int>(sub);
    }
}

TEST(JpegEncoder, HigherQualityMeansMoreBytes) {
    const RgbImage img = pattern(320, 240);
    std::vector<std::uint8_t> low, high;
    JpegEncoder lo{20}, hi{95};
    ASSERT_TRUE(lo.encode(img, low).ok());
    ASSERT_TRUE(hi.encode(img, high).ok());
    EXPECT_LT(low.size(), high.size());

    std::vector<std::uint8_t> clamped, top;
    ASSERT_TRUE(JpegEncoder{500}.encode(img, clamped).ok());
    ASSERT_TRUE(JpegEncoder{100}.encode(img, top).ok());
    EXPECT_EQ(clamped, top);  // quality is clamped to 1..100
}

TEST(JpegEncoder, RejectsAnInconsistentImage) {
    RgbImage bad{10, 10};
    bad.pixels.resize(7);
    std::vector<std::uint8_t> jpeg;
    const Status s = JpegEncoder{}.encode(bad, jpeg);
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.message().find("10x10"), std::string::npos) << s.message();
}

TEST(JpegEncoder, ParsesSubsamplingNames) {
    EXPECT_EQ(parse_chroma_subsampling("420"), ChromaSubsampling::k420);
    EXPECT_EQ(parse_chroma_subsampling("4:2:2"), ChromaSubsampling::k422);
    EXPECT_EQ(parse_chroma_subsampling("444"), ChromaSubsampling::k444);
    EXPECT_FALSE(parse_chroma_subsampling("411"));
}
