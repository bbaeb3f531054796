#include "media/jpeg_decoder.hpp"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <cstdlib>
#include <ostream>
#include <string>
#include <vector>

#include "bad_jpegs.hpp"
#include "test_images.hpp"

namespace camstream::media {
namespace {

using namespace test;

int y_at(const Picture& p, int x, int y) {
    return p.planes[0][y * p.strides[0] + x];
}
int u_at(const Picture& p, int x, int y) {
    return p.planes[1][(y / 2) * p.strides[1] + x / 2];
}
int v_at(const Picture& p, int x, int y) {
    return p.planes[2][(y / 2) * p.strides[2] + x / 2];
}

struct SubsamplingCase {
    const char* name;
    int subsamp;
    int flags;
    int width;
    int height;
};

void PrintTo(const SubsamplingCase& c, std::ostream* os) {
    *os << c.name;
}

class DecodesEverySubsampling : public ::testing::TestWithParam<SubsamplingCase> {};

TEST_P(DecodesEverySubsampling, ToEvenI420CloseToTheSource) {
    const SubsamplingCase c = GetParam();
    const Bytes jpeg = make_jpeg(c.width, c.height, c.subsamp, 90, c.flags);
    JpegDecoder decoder;
    Picture pic;
    const auto failure = decoder.decode(jpeg, pic);
    ASSERT_FALSE(failure) << failure->detail;

    EXPECT_EQ(pic.width, c.width & ~1);
    EXPECT_EQ(pic.height, c.height & ~1);
    EXPECT_GE(pic.strides[0], pic.width);
    EXPECT_GE(pic.strides[1], pic.width / 2);
    EXPECT_EQ(pic.strides[1], pic.strides[2]);

    // Centres of the flat blocks, away from edges where chroma subsampling blurs.
    const int bx = test::kBlockX + test::kBlockSize / 2;
    const int by = test::kBlockY + test::kBlockSize / 2;
    const int gx = test::kGrayX + test::kBlockSize / 2;
    const int gy = test::kGrayY + test::kBlockSize / 2;
    const test::Rgb red{255, 0, 0};
    const bool gray = c.subsamp == TJSAMP_GRAY;
    EXPECT_NEAR(y_at(pic, gx, gy), 200, 3);
    EXPECT_NEAR(y_at(pic, bx, by), test::luma_of(red), 4);
    EXPECT_NEAR(u_at(pic, bx, by), gray ? 128 : test::cb_of(red), 5);
    EXPECT_NEAR(v_at(pic, bx, by), gray ? 128 : test::cr_of(red), 5);
    EXPECT_NEAR(u_at(pic, gx, gy), 128, 3);

    // A gradient point and the last (cropped) row and column.
    for (auto [x, y] : {std::pair{500, 300}, std::pair{pic.width - 2, pic.height - 2}}) {
        const test::Rgb src = test::rgb_at(c.width, c.height, x, y);
        EXPECT_NEAR(y_at(pic, x, y), test::luma_of(src), 6) << x << "," << y;
        if (!gray) {
            EXPECT_NEAR(u_at(pic, x, y), test::cb_of(src), 8) << x << "," << y;
            EXPECT_NEAR(v_at(pic, x, y), test::cr_of(src), 8) << x << "," << y;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Jpeg, DecodesEverySubsampling,
                         ::testing::Values(SubsamplingCase{"s420", TJSAMP_420, 0, 640, 480},
                                           SubsamplingCase{"s422", TJSAMP_422, 0, 640, 480},
                                           SubsamplingCase{"s444", TJSAMP_444, 0, 640, 480},
                                           SubsamplingCase{"s440", TJSAMP_440, 0, 640, 480},
                                           SubsamplingCase{"s411", TJSAMP_411, 0, 640, 480},
                                           SubsamplingCase{"gray", TJSAMP_GRAY, 0, 640, 480},
                                           SubsamplingCase{"progressive", TJSAMP_420,
                                                           TJFLAG_PROGRESSIVE, 640, 480},
                                           SubsamplingCase{"odd420", TJSAMP_420, 0, 641, 481},
                                           SubsamplingCase{"odd422", TJSAMP_422, 0, 641, 481},
                                           SubsamplingCase{"odd444", TJSAMP_444, 0, 641, 481},
                                           SubsamplingCase{"oddgray", TJSAMP_GRAY, 0, 641, 481},
                                           SubsamplingCase{"odd411", TJSAMP_411, 0, 643, 479}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(JpegDecoder, OddSizeIsCroppedByNarrowingNotCopying) {
    const Bytes jpeg = make_jpeg(641, 481, TJSAMP_420);
    JpegDecoder decoder;
    Picture pic;
    ASSERT_FALSE(decoder.decode(jpeg, pic));
    EXPECT_EQ(pic.width, 640);
    EXPECT_EQ(pic.height, 480);
    // The planes keep the JPEG's own size: the crop is only in width/height.
    EXPECT_EQ(pic.strides[0], 642);
    EXPECT_EQ(pic.strides[1], 321);
    EXPECT_EQ(pic.planes[0], pic.storage.data());
}

TEST(JpegDecoder, ReusesItsBuffersBetweenFrames) {
    const Bytes jpeg = make_jpeg(640, 480, TJSAMP_422);
    JpegDecoder decoder;
    Picture pic;
    ASSERT_FALSE(decoder.decode(jpeg, pic));
    const std::uint8_t* first = pic.storage.data();
    ASSERT_FALSE(decoder.decode(jpeg, pic));
    EXPECT_EQ(pic.storage.data(), first);
}

TEST(JpegDecoder, ToleratesExtraneousBytesBeforeEoiAndPaddingAfterIt) {
    Bytes jpeg = make_jpeg(320, 240, TJSAMP_422);
    // What OV2640 frames look like: junk between the entropy data and EOI...
    jpeg.insert(jpeg.end() - 2, 24, 0x00);
    // ...and the buffer's padding after EOI.
    jpeg.insert(jpeg.end(), 20, 0x00);
    JpegDecoder decoder;
    Picture pic;
    const auto failure = decoder.decode(jpeg, pic);
    EXPECT_FALSE(failure) << failure->detail;
    EXPECT_EQ(pic.width, 320);
}

TEST(JpegDecoder, ErrorNamesAreStable) {
    EXPECT_EQ(to_string(JpegError::empty), "empty");
    EXPECT_EQ(to_string(JpegError::not_jpeg), "not_jpeg");
    EXPECT_EQ(to_string(JpegError::truncated), "truncated");
    EXPECT_EQ(to_string(JpegError::corrupt), "corrupt");
    EXPECT_EQ(to_string(JpegError::too_large), "too_large");
}

struct BadCase {
    const char* name;
    Bytes (*make)(const Bytes& good);
    JpegError expected;
};

void PrintTo(const BadCase& c, std::ostream* os) {
    *os << c.name;
}

const BadCase kBadCases[] = {
    {"empty", [](const Bytes&) { return Bytes{}; }, JpegError::empty},
    {"random", [](const Bytes&) { return random_bytes(5000, 7); }, JpegError::not_jpeg},
    {"png", [](const Bytes&) { return png_signature(); }, JpegError::not_jpeg},
    {"text",
     [](const Bytes&) {
         const std::string text = "hello camera";
         return Bytes(text.begin(), text.end());
     },
     JpegError::not_jpeg},
    {"one_byte", [](const Bytes&) { return Bytes{0xFF}; }, JpegError::not_jpeg},
    {"truncated_half", truncated_half, JpegError::truncated},
    {"truncated_before_eoi", [](const Bytes& g) { return Bytes(g.begin(), g.end() - 2); },
     JpegError::truncated},
    {"eoi_far_from_end",
     [](const Bytes& g) {
         Bytes b = g;
         b.insert(b.end(), 100, 0x00);
         return b;
     },
     JpegError::truncated},
    {"corrupt_middle", corrupt_middle, JpegError::corrupt},
    {"soi_eoi_only", [](const Bytes&) { return soi_eoi_only(); }, JpegError::corrupt},
    {"header_only",
     [](const Bytes& g) {
         Bytes b(g.begin(), g.begin() + static_cast<long>(entropy_start(g)));
         b.push_back(0xFF);
         b.push_back(0xD9);
         return b;
     },
     JpegError::corrupt},
    {"claims_65535x65535", claims_65535x65535, JpegError::too_large},
};

class RejectsBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(RejectsBadInput, WithTheRightReasonAndRecovers) {
    const BadCase c = GetParam();
    const Bytes good = make_jpeg(320, 240, TJSAMP_420);
    const Bytes bad = c.make(good);
    JpegDecoder decoder;
    Picture pic;
    ASSERT_FALSE(decoder.decode(good, pic));

    const auto failure = decoder.decode(bad, pic);
    ASSERT_TRUE(failure) << c.name << " was accepted";
    EXPECT_EQ(failure->error, c.expected)
        << c.name << ": got " << to_string(failure->error) << " (" << failure->detail << ")";
    EXPECT_FALSE(failure->detail.empty());
    EXPECT_EQ(pic.width, 0);
    EXPECT_EQ(pic.planes[0], nullptr);

    const auto again = decoder.decode(good, pic);
    EXPECT_FALSE(again) << again->detail;
    EXPECT_EQ(pic.width, 320);
    EXPECT_EQ(pic.height, 240);
}

INSTANTIATE_TEST_SUITE_P(Jpeg, RejectsBadInput, ::testing::ValuesIn(kBadCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(JpegDecoder, CorruptionAnywhereInTheEntropyDataIsNoticed) {
    const Bytes good = make_jpeg(640, 480, TJSAMP_420, 80);
    const std::size_t start = entropy_start(good);
    JpegDecoder decoder;
    Picture pic;
    for (int step = 1; step < 8; ++step) {
        Bytes bad = good;
        const std::size_t at = start + (good.size() - 2 - start) * step / 8;
        for (std::size_t i = 0; i < 64; ++i)
            bad[at + i] = static_cast<std::uint8_t>(0xFF - (i % 4));
        const auto failure = decoder.decode(bad, pic);
        ASSERT_TRUE(failure) << "at " << at;
        EXPECT_EQ(failure->error, JpegError::corrupt) << failure->detail;
    }
}

TEST(JpegDecoder, LimitsAreConfigurable) {
    const Bytes jpeg = make_jpeg(640, 480, TJSAMP_420);
    JpegDecoder decoder(JpegDecoderLimits{320, 4096});
    Picture pic;
    const auto failure = decoder.decode(jpeg, pic);
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->error, JpegError::too_large);
    EXPECT_NE(failure->detail.find("640x480"), std::string::npos) << failure->detail;
}

}  // namespace
}  // namespace camstream::media
