#include "camera/host/test_pattern.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <regex>

#include "jpeg_test_util.hpp"

using camstream::camera::RgbImage;
using camstream::camera::TestPattern;
using camstream::camera::testing::count_differing_pixels;
using namespace std::chrono_literals;

namespace {
const auto kNoon = std::chrono::system_clock::time_point{} + 1'700'000'000s;

RgbImage draw(const TestPattern& p, double seconds, std::uint64_t frame,
              std::chrono::system_clock::time_point t) {
    RgbImage img;
    p.draw(seconds, frame, t, img);
    return img;
}
}  // namespace

TEST(TestPattern, DrawsTheRequestedSize) {
    TestPattern p{640, 480, "CAM DEFAULT"};
    const RgbImage img = draw(p, 0, 0, kNoon);
    EXPECT_EQ(img.width, 640);
    EXPECT_EQ(img.height, 480);
    EXPECT_EQ(img.pixels.size(), 640u * 480u * 3u);
}

TEST(TestPattern, SameInputsGiveTheSamePicture) {
    TestPattern p{320, 240, "CAM"};
    EXPECT_EQ(draw(p, 1.25, 7, kNoon).pixels, draw(p, 1.25, 7, kNoon).pixels);
}

TEST(TestPattern, AnimationMovesWithTime) {
    TestPattern p{320, 240, "CAM"};
    const auto a = draw(p, 0.0, 5, kNoon);
    const auto b = draw(p, 0.5, 5, kNoon);
    // Background drift plus both shapes: a large part of the frame changes.
    EXPECT_GT(count_differing_pixels(a.pixels, b.pixels, 4), 320u * 240u / 10);
}

TEST(TestPattern, FrameNumberTextChangesOnlyTheOverlay) {
    TestPattern p{640, 480, "CAM"};
    const auto a = draw(p, 2.0, 41, kNoon);
    const auto b = draw(p, 2.0, 42, kNoon);
    std::size_t changed = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x)
            if (std::memcmp(a.at(x, y), b.at(x, y), 3) != 0) {
                ++changed;
                // The overlay sits in the top-left corner.
                ASSERT_LT(x, a.width / 2) << "changed pixel at " << x << "," << y;
                ASSERT_LT(y, a.height / 4) << "changed pixel at " << x << "," << y;
            }
    EXPECT_GT(changed, 20u);  // at least one 3x-scaled glyph stroke
}

TEST(TestPattern, WallClockTextChangesThePicture) {
    TestPattern p{640, 480, "CAM"};
    EXPECT_NE(draw(p, 2.0, 1, kNoon).pixels, draw(p, 2.0, 1, kNoon + 1s).pixels);
}

TEST(TestPattern, OddAndTinySizesAreSafe) {
    for (auto [w, h] : {std::pair{641, 481}, {1, 1}, {3, 2}, {17, 9}, {1, 300}, {300, 1}}) {
        TestPattern p{w, h, "CAM ODD"};
        const RgbImage img = draw(p, 3.3, 123456, kNoon);
        EXPECT_EQ(img.width, w);
        EXPECT_EQ(img.height, h);
        EXPECT_EQ(img.pixels.size(), std::size_t(w) * h * 3);
    }
}

TEST(TestPattern, ClockTextIsHoursMinutesSecondsMillis) {
    const std::string text = TestPattern::clock_text(kNoon + 123ms);
    EXPECT_TRUE(std::regex_match(text, std::regex{R"(\d\d:\d\d:\d\d\.123)"})) << text;
}
