#include "media/h264_encoder.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "h264_sps.hpp"
#include "test_images.hpp"

namespace camstream::media {
namespace {

constexpr std::int64_t kFrameTicks = 3600;  // 25 fps at 90 kHz

// NAL unit types of an AVCC access unit; empty if the length prefixes do not tile the data.
std::vector<int> avcc_nal_types(std::span<const std::uint8_t> data) {
    std::vector<int> types;
    std::size_t pos = 0;
    while (pos < data.size()) {
        if (data.size() - pos < 5) return {};
        const std::size_t len = (std::size_t{data[pos]} << 24) | (data[pos + 1] << 16) |
                                (data[pos + 2] << 8) | data[pos + 3];
        if (len == 0 || len > data.size() - pos - 4) return {};
        types.push_back(data[pos + 4] & 0x1F);
        pos += 4 + len;
    }
    return types;
}

TEST(H264Encoder, KeyframesOnlyFirstAndWhenForced) {
    H264Encoder encoder(640, 480, H264EncoderSettings{});
    for (int i = 0; i < 30; ++i) {
        const Picture pic = test::make_moving_picture(640, 480, i);
        const bool force = i == 17;
        const EncodedFrame frame = encoder.encode(pic, 1000 + i * kFrameTicks, force);
        ASSERT_FALSE(frame.access_unit().empty()) << "frame " << i;
        EXPECT_EQ(frame.keyframe, i == 0 || force) << "frame " << i;
        EXPECT_EQ(frame.pts, 1000 + i * kFrameTicks);

        const std::vector<int> types = avcc_nal_types(frame.access_unit());
        ASSERT_FALSE(types.empty()) << "frame " << i << " is not valid AVCC";
        for (int t : types) {
            // Only slices: SPS/PPS go to the init segment.
            EXPECT_EQ(t, frame.keyframe ? 5 : 1) << "frame " << i;
        }
    }
}

TEST(H264Encoder, SpsPromisesNoReorderingFullRangeBt601) {
    H264Encoder encoder(640, 480, H264EncoderSettings{});
    ASSERT_GE(encoder.sps().size(), 4u);
    ASSERT_FALSE(encoder.pps().empty());
    EXPECT_EQ(encoder.sps()[0] & 0x1F, 7);
    EXPECT_EQ(encoder.pps()[0] & 0x1F, 8);

    const auto sps = test::parse_sps(encoder.sps());
    ASSERT_TRUE(sps);
    EXPECT_EQ(sps->profile_idc, 66);
    EXPECT_EQ(sps->width, 640);
    EXPECT_EQ(sps->height, 480);
    EXPECT_EQ(sps->max_num_ref_frames, 1);
    EXPECT_TRUE(sps->video_full_range);
    EXPECT_EQ(sps->colour_primaries, 6);
    EXPECT_EQ(sps->transfer_characteristics, 6);
    EXPECT_EQ(sps->matrix_coefficients, 6);
    ASSERT_TRUE(sps->bitstream_restriction);
    EXPECT_EQ(sps->max_num_reorder_frames, 0);
    EXPECT_EQ(sps->max_dec_frame_buffering, 1);
}

TEST(H264Encoder, CodecStringComesFromTheSps) {
    H264Encoder encoder(640, 480, H264EncoderSettings{});
    const std::string codec = encoder.codec_string();
    EXPECT_EQ(codec.rfind("avc1.42", 0), 0u) << codec;
    ASSERT_EQ(codec.size(), 11u);
    char expected[8];
    std::snprintf(expected, sizeof expected, "%02x%02x%02x", encoder.sps()[1], encoder.sps()[2],
                  encoder.sps()[3]);
    EXPECT_EQ(codec.substr(5), expected);
}

TEST(H264Encoder, MainProfileBitrateAndThreads) {
    H264EncoderSettings settings;
    settings.profile = "main";
    settings.preset = "veryfast";
    settings.bitrate_kbps = 800;
    settings.threads = 2;
    H264Encoder encoder(320, 240, settings);
    EXPECT_EQ(encoder.codec_string().rfind("avc1.4d", 0), 0u) << encoder.codec_string();
    const auto sps = test::parse_sps(encoder.sps());
    ASSERT_TRUE(sps);
    EXPECT_EQ(sps->max_num_reorder_frames, 0);
    for (int i = 0; i < 10; ++i) {
        const Picture pic = test::make_moving_picture(320, 240, i);
        const EncodedFrame frame = encoder.encode(pic, i * kFrameTicks, false);
        EXPECT_EQ(frame.keyframe, i == 0);
        EXPECT_FALSE(avcc_nal_types(frame.access_unit()).empty());
    }
}

TEST(H264Encoder, RefusesBadSettingsAndSizes) {
    H264EncoderSettings bad_preset;
    bad_preset.preset = "warp-speed";
    EXPECT_THROW(H264Encoder(320, 240, bad_preset), std::runtime_error);
    H264EncoderSettings bad_profile;
    bad_profile.profile = "extended-plus";
    EXPECT_THROW(H264Encoder(320, 240, bad_profile), std::runtime_error);
    EXPECT_THROW(H264Encoder(321, 240, H264EncoderSettings{}), std::runtime_error);

    H264Encoder encoder(320, 240, H264EncoderSettings{});
    const Picture other = test::make_moving_picture(640, 480, 0);
    EXPECT_THROW(encoder.encode(other, 0, false), std::invalid_argument);
}

}  // namespace
}  // namespace camstream::media
