// Refusing a frame from its headers alone: before the decoder allocates anything.
#include "media/jpeg_header.hpp"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include "bad_jpegs.hpp"
#include "test_images.hpp"

namespace camstream::media {
namespace {

using namespace test;

// A good JPEG's tables and frame header, claiming width x height, with `data` bytes of image
// data and EOI: a few hundred bytes that claim a whole picture.
Bytes header_on_a_stub(int width, int height, std::size_t data) {
    const Bytes good = make_jpeg(320, 240, TJSAMP_444);
    Bytes b(good.begin(), good.begin() + static_cast<long>(entropy_start(good)));
    const std::size_t sof = sof_offset(good);
    b[sof + 5] = static_cast<std::uint8_t>(height >> 8);
    b[sof + 6] = static_cast<std::uint8_t>(height);
    b[sof + 7] = static_cast<std::uint8_t>(width >> 8);
    b[sof + 8] = static_cast<std::uint8_t>(width);
    b.insert(b.end(), data, 0x55);
    b.push_back(0xFF);
    b.push_back(0xD9);
    return b;
}

JpegError error_of(const std::variant<JpegHeader, JpegDecodeFailure>& r) {
    EXPECT_TRUE(std::holds_alternative<JpegDecodeFailure>(r)) << "accepted";
    return std::holds_alternative<JpegDecodeFailure>(r) ? std::get<JpegDecodeFailure>(r).error
                                                        : JpegError::empty;
}

TEST(JpegHeader, ReadsSizeKindAndImageDataOfAGoodJpeg) {
    const Bytes baseline = make_jpeg(640, 480, TJSAMP_420);
    const auto r = inspect_jpeg(baseline, {});
    ASSERT_TRUE(std::holds_alternative<JpegHeader>(r));
    const auto& h = std::get<JpegHeader>(r);
    EXPECT_EQ(h.width, 640);
    EXPECT_EQ(h.height, 480);
    EXPECT_EQ(h.components, 3);
    EXPECT_FALSE(h.progressive);
    EXPECT_EQ(h.scan_bytes, baseline.size() - entropy_start(baseline) - 2);

    const Bytes progressive = make_jpeg(320, 240, TJSAMP_422, 80, TJFLAG_PROGRESSIVE);
    const auto p = inspect_jpeg(progressive, {});
    ASSERT_TRUE(std::holds_alternative<JpegHeader>(p));
    EXPECT_TRUE(std::get<JpegHeader>(p).progressive);
}

TEST(JpegHeader, AHugeFrameHeaderOnAFewHundredBytesIsRefusedAsCorrupt) {
    const Bytes bomb = header_on_a_stub(4096, 4096, 200);
    ASSERT_LT(bomb.size(), 1000u);
    const auto r = inspect_jpeg(bomb, {});
    EXPECT_EQ(error_of(r), JpegError::corrupt);
    EXPECT_NE(std::get<JpegDecodeFailure>(r).detail.find("4096x4096"), std::string::npos);

    // The decoder refuses it the same way without growing its picture buffers.
    JpegDecoder decoder;
    Picture picture;
    const auto failure = decoder.decode(bomb, picture);
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->error, JpegError::corrupt);
    EXPECT_EQ(picture.storage.capacity(), 0u);
}

TEST(JpegHeader, EnoughImageDataForTheClaimedSizePassesTheCheck) {
    // 64x64 is 64 blocks of luma: 8 bytes is a bit per block.
    EXPECT_TRUE(std::holds_alternative<JpegHeader>(inspect_jpeg(header_on_a_stub(64, 64, 8), {})));
    EXPECT_EQ(error_of(inspect_jpeg(header_on_a_stub(64, 64, 7), {})), JpegError::corrupt);
}

TEST(JpegHeader, ThePixelBudgetBoundsWidthTimesHeight) {
    const Bytes jpeg = make_jpeg(640, 480, TJSAMP_420);
    JpegDecoderLimits limits{8192, 8192, 640 * 480 - 1};
    const auto r = inspect_jpeg(jpeg, limits);
    EXPECT_EQ(error_of(r), JpegError::too_large);
    EXPECT_NE(std::get<JpegDecodeFailure>(r).detail.find("pixels"), std::string::npos);
    limits.max_pixels = 640 * 480;
    EXPECT_TRUE(std::holds_alternative<JpegHeader>(inspect_jpeg(jpeg, limits)));
}

TEST(JpegHeader, ArithmeticLosslessAndHierarchicalJpegsAreRefusedWithTheirKind) {
    const Bytes good = make_jpeg(320, 240, TJSAMP_420);
    const std::size_t sof = sof_offset(good);
    const std::pair<std::uint8_t, const char*> kinds[] = {
        {0xC9, "arithmetic"}, {0xCA, "arithmetic"}, {0xC3, "lossless"}, {0xC5, "hierarchical"}};
    for (const auto& [marker, word] : kinds) {
        Bytes b = good;
        b[sof + 1] = marker;
        const auto r = inspect_jpeg(b, {});
        EXPECT_EQ(error_of(r), JpegError::unsupported) << int{marker};
        EXPECT_NE(std::get<JpegDecodeFailure>(r).detail.find(word), std::string::npos);
    }
}

TEST(JpegHeader, MarkerSegmentsThatRunPastTheDataAreCorrupt) {
    Bytes b = make_jpeg(320, 240, TJSAMP_420);
    // The first segment after SOI (APP0 or DQT) claims 65535 bytes.
    b[4] = 0xFF;
    b[5] = 0xFF;
    EXPECT_EQ(error_of(inspect_jpeg(b, {})), JpegError::corrupt);
}

TEST(JpegHeader, NoFrameHeaderMeansNoImage) {
    EXPECT_EQ(error_of(inspect_jpeg(soi_eoi_only(), {})), JpegError::corrupt);
}

}  // namespace
}  // namespace camstream::media
