// The whole media path as the hub runs it: JPEG -> Picture -> H.264 -> fMP4 -> a player.
#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <vector>

#include "media/fmp4_muxer.hpp"
#include "media/h264_encoder.hpp"
#include "media/jpeg_decoder.hpp"
#include "mp4_playback.hpp"
#include "test_images.hpp"

namespace camstream::media {
namespace {

TEST(MediaPipeline, OddSized422JpegPlaysBackFullRangeWithItsColours) {
    const std::vector<std::uint8_t> jpeg = test::make_jpeg(641, 481, TJSAMP_422, 90);
    JpegDecoder decoder;
    Picture picture;
    ASSERT_FALSE(decoder.decode(jpeg, picture));
    ASSERT_EQ(picture.width, 640);
    ASSERT_EQ(picture.height, 480);

    H264EncoderSettings settings;
    settings.crf = 18;
    H264Encoder encoder(picture.width, picture.height, settings);
    Fmp4Muxer muxer(picture.width, picture.height, encoder.sps(), encoder.pps());
    std::vector<std::uint8_t> file = muxer.init_segment();
    for (int i = 0; i < 5; ++i) {
        ASSERT_FALSE(decoder.decode(jpeg, picture));
        const EncodedFrame frame = encoder.encode(picture, 1'000'000 + i * 3000, false);
        const std::vector<std::uint8_t> fragment = muxer.fragment(frame, 3000);
        file.insert(file.end(), fragment.begin(), fragment.end());
    }

    const test::Playback p = test::play(file);
    EXPECT_EQ(p.width, 640);
    EXPECT_EQ(p.height, 480);
    EXPECT_EQ(p.frames, 5);
    EXPECT_EQ(p.color_range, AVCOL_RANGE_JPEG);
    ASSERT_EQ(p.dts.size(), 5u);
    EXPECT_EQ(p.dts.front(), 1'000'000);

    // Full-range values pass through untouched: red stays (76, 85, 255), light gray 200.
    const test::Rgb red{255, 0, 0};
    const int bx = test::kBlockX + test::kBlockSize / 2;
    const int by = test::kBlockY + test::kBlockSize / 2;
    EXPECT_NEAR(p.first_y.at(bx, by), test::luma_of(red), 4);
    EXPECT_NEAR(p.first_u.at(bx / 2, by / 2), test::cb_of(red), 5);
    EXPECT_NEAR(p.first_v.at(bx / 2, by / 2), test::cr_of(red), 5);
    EXPECT_NEAR(p.first_y.at(test::kGrayX + 64, test::kGrayY + 64), 200, 4);
}

}  // namespace
}  // namespace camstream::media
