#include "camera/host/frame_code.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "camera/host/jpeg_encoder.hpp"
#include "camera/host/mock_frame_source.hpp"
#include "camera/host/test_pattern.hpp"
#include "jpeg_test_util.hpp"

using namespace camstream::camera;
using camstream::camera::testing::decode_rgb;
using camstream::camera::testing::read_jpeg_header;

namespace {

RgbImage pattern_with_code(int width, int height, std::uint64_t frame) {
    TestPattern pattern{width, height, "CAM", true};
    RgbImage image;
    pattern.draw(static_cast<double>(frame) / 25, frame, {}, image);
    return image;
}

// Through JPEG and back, as the picture travels.
RgbImage through_jpeg(const RgbImage& image, int quality, ChromaSubsampling subsampling) {
    JpegEncoder encoder{quality, subsampling};
    std::vector<std::uint8_t> jpeg;
    EXPECT_TRUE(encoder.encode(image, jpeg).ok());
    RgbImage out{image.width, image.height};
    out.pixels = decode_rgb(jpeg);
    EXPECT_EQ(out.pixels.size(), image.pixels.size());
    return out;
}

}  // namespace

TEST(FrameCode, ReadsBackTheNumberItDrew) {
    for (std::uint64_t frame : {0ull, 1ull, 2ull, 25ull, 4095ull, 123456ull, 16777215ull}) {
        const RgbImage image = pattern_with_code(640, 480, frame);
        EXPECT_EQ(FrameCode::read(image), frame) << "frame " << frame;
    }
}

TEST(FrameCode, NumbersWrapAt24Bits) {
    EXPECT_EQ(FrameCode::read(pattern_with_code(640, 480, FrameCode::kModulus + 7)), 7u);
}

TEST(FrameCode, SurvivesCoarseJpegAnd420Chroma) {
    for (std::uint64_t frame = 1000; frame < 1040; ++frame) {
        const RgbImage sent =
            through_jpeg(pattern_with_code(640, 480, frame), 20, ChromaSubsampling::k420);
        EXPECT_EQ(FrameCode::read(sent), frame) << "frame " << frame;
    }
}

TEST(FrameCode, BlocksShrinkWithTheWidthAndVanishWhenTooSmall) {
    EXPECT_EQ(FrameCode::block_size(640, 480), 16);
    EXPECT_EQ(FrameCode::block_size(320, 240), 9);  // 320 / 34
    EXPECT_EQ(FrameCode::block_size(68, 100), 2);
    EXPECT_EQ(FrameCode::block_size(67, 100), 0);
    EXPECT_EQ(FrameCode::block_size(640, 1), 0);

    EXPECT_EQ(FrameCode::read(pattern_with_code(320, 240, 777)), 777u);
    EXPECT_EQ(FrameCode::read(pattern_with_code(68, 40, 777)), 777u);
    // Too small to hold a code: drawing leaves the picture as it was, reading finds nothing.
    TestPattern plain{40, 30, "CAM", false};
    RgbImage without;
    plain.draw(5 / 25.0, 5, {}, without);
    EXPECT_EQ(pattern_with_code(40, 30, 5).pixels, without.pixels);
    EXPECT_EQ(FrameCode::read(without), std::nullopt);
}

TEST(FrameCode, OnlyTheBottomRowChanges) {
    TestPattern plain{640, 480, "CAM", false};
    RgbImage without;
    plain.draw(99 / 25.0, 99, {}, without);
    const RgbImage with = pattern_with_code(640, 480, 99);
    for (int y = 0; y < 480; ++y)
        for (int x = 0; x < 640; ++x)
            if (std::memcmp(with.at(x, y), without.at(x, y), 3) != 0) {
                ASSERT_GE(y, 480 - 16) << "changed pixel at " << x << "," << y;
                ASSERT_LT(x, FrameCode::kBlocks * 16) << "changed pixel at " << x << "," << y;
            }
}

TEST(FrameCode, APictureWithoutACodeReadsAsNothing) {
    TestPattern plain{640, 480, "CAM", false};
    int read = 0;
    for (int frame = 0; frame < 200; ++frame) {
        RgbImage image;
        plain.draw(frame / 25.0, frame, {}, image);
        if (FrameCode::read(image)) ++read;
    }
    EXPECT_EQ(read, 0);
    EXPECT_EQ(FrameCode::read(RgbImage{640, 480}), std::nullopt);  // all black
}

TEST(FrameCode, AWrongBitFailsTheCheck) {
    RgbImage image = pattern_with_code(640, 480, 4242);
    // Invert the block of the number's lowest bit.
    const int block = 2 + 23;
    for (int y = 480 - 16; y < 480; ++y)
        for (int x = block * 16; x < block * 16 + 16; ++x) {
            std::uint8_t* p = image.at(x, y);
            for (int c = 0; c < 3; ++c) p[c] = static_cast<std::uint8_t>(255 - p[c]);
        }
    EXPECT_EQ(FrameCode::read(image), std::nullopt);
}

TEST(FrameCode, Crc8MatchesTheStandardCheckValue) {
    // CRC-8 (poly 0x07, init 0) of the bytes 0x31 0x32 0x33 ("123") is 0xC0; the JavaScript
    // reader checks against the same value.
    EXPECT_EQ(FrameCode::crc8(0x313233), 0xC0);
    EXPECT_EQ(FrameCode::crc8(0), 0);
}

TEST(MockFrameSourceFrameCode, EachJpegCarriesItsFrameNumberAndIsReported) {
    std::vector<std::uint64_t> reported;
    MockFrameSource source{
        {.width = 640,
         .height = 480,
         .frame_code = true,
         .on_captured = [&reported](std::uint64_t n) { reported.push_back(n); }}};
    std::vector<std::uint8_t> jpeg;
    for (std::uint64_t frame = 0; frame < 5; ++frame) {
        ASSERT_TRUE(source.capture(jpeg).ok());
        const auto info = read_jpeg_header(jpeg);
        ASSERT_TRUE(info);
        RgbImage image{info->width, info->height};
        image.pixels = decode_rgb(jpeg);
        EXPECT_EQ(FrameCode::read(image), frame);
    }
    EXPECT_EQ(reported, (std::vector<std::uint64_t>{0, 1, 2, 3, 4}));
}
