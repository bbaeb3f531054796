#include "media/fmp4_muxer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "media/h264_encoder.hpp"
#include "media/ntp_time.hpp"
#include "mp4_boxes.hpp"
#include "mp4_playback.hpp"
#include "test_images.hpp"

namespace camstream::media {
namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr std::int64_t kFrameTicks = 3600;
constexpr std::uint32_t kNonSync = 0x00010000;
constexpr std::uint32_t kDependsOnOthers = 0x01000000;
constexpr std::uint32_t kDependsOnNothing = 0x02000000;

bool contains(const Bytes& haystack, std::span<const std::uint8_t> needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
           haystack.end();
}

// Frame i "arrived" at 2023-11-14T22:13:20.25Z plus i * 40 ms.
std::chrono::system_clock::time_point arrival_of(int i) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)) +
           std::chrono::milliseconds(250 + 40 * i);
}

struct Encoded {
    Bytes init;
    std::vector<Bytes> fragments;
    std::vector<EncodedFrame> frames;
    Bytes sps;
};

Encoded encode_and_mux(int width, int height, int count, std::int64_t first_pts,
                       const std::vector<int>& forced = {}) {
    H264Encoder encoder(width, height, H264EncoderSettings{});
    Fmp4Muxer muxer(width, height, encoder.sps(), encoder.pps());
    Encoded out;
    out.init = muxer.init_segment();
    out.sps = encoder.sps();
    for (int i = 0; i < count; ++i) {
        const Picture pic = test::make_moving_picture(width, height, i);
        const bool force = std::find(forced.begin(), forced.end(), i) != forced.end();
        out.frames.push_back(encoder.encode(pic, first_pts + i * kFrameTicks, force));
        out.fragments.push_back(muxer.fragment(out.frames.back(), kFrameTicks, arrival_of(i)));
    }
    return out;
}

TEST(Fmp4Muxer, InitSegmentIsFtypMoovWithAvcC) {
    const Encoded e = encode_and_mux(320, 240, 1, 0);
    const auto top = test::parse_boxes(e.init);
    ASSERT_TRUE(top);
    ASSERT_GE(top->size(), 2u);
    EXPECT_EQ((*top)[0].type, "ftyp");
    EXPECT_TRUE(test::find_box(e.init, "moov/mvex/trex"));
    EXPECT_FALSE(test::contains_box(e.init, "mdat"));

    const auto stsd = test::find_box(e.init, "moov/trak/mdia/minf/stbl/stsd");
    ASSERT_TRUE(stsd);
    // stsd: version/flags, entry_count, then the avc1 sample entry holding avcC.
    const Bytes entries(stsd->payload.begin() + 8, stsd->payload.end());
    const auto avc1 = test::find_box(entries, "avc1");
    ASSERT_TRUE(avc1);
    EXPECT_EQ(test::read_u32(avc1->payload, 24) >> 16, 320u);  // width
    // The visual sample entry's fixed part is 78 bytes; avcC follows.
    const Bytes children(avc1->payload.begin() + 78, avc1->payload.end());
    const auto avcc = test::find_box(children, "avcC");
    ASSERT_TRUE(avcc);
    EXPECT_EQ(avcc->payload[0], 1);
    EXPECT_EQ(avcc->payload[4], 0xFF);  // 4-byte lengths
    EXPECT_TRUE(contains(Bytes(avcc->payload.begin(), avcc->payload.end()), e.sps));
}

TEST(Fmp4Muxer, EachFragmentIsOneSampleAtItsPts) {
    const std::int64_t first_pts = 123456789;
    const Encoded e = encode_and_mux(320, 240, 12, first_pts, {7});
    for (std::size_t i = 0; i < e.fragments.size(); ++i) {
        const Bytes& f = e.fragments[i];
        const auto s = test::read_fragment(f);
        ASSERT_TRUE(s) << "fragment " << i << " is not moof+mdat";
        EXPECT_EQ(s->sample_count, 1u);
        EXPECT_EQ(s->decode_time, static_cast<std::uint64_t>(e.frames[i].pts)) << i;
        ASSERT_TRUE(s->duration);
        EXPECT_EQ(*s->duration, kFrameTicks);
        ASSERT_TRUE(s->size);
        EXPECT_EQ(*s->size, e.frames[i].access_unit().size());
        EXPECT_TRUE(s->duration_in_trun && s->size_in_trun && s->flags_in_trun) << i;
        ASSERT_TRUE(s->flags);
        if (e.frames[i].keyframe) {
            EXPECT_EQ(*s->flags & (kNonSync | 0x03000000), kDependsOnNothing) << i;
        } else {
            EXPECT_EQ(*s->flags & (kNonSync | 0x03000000), kNonSync | kDependsOnOthers) << i;
        }
        // default-base-is-moof: the offset points just past the mdat header.
        EXPECT_EQ(static_cast<std::size_t>(s->data_offset), s->moof_size + 8);
        EXPECT_EQ(s->mdat_payload_size, e.frames[i].access_unit().size());
        EXPECT_TRUE(std::equal(e.frames[i].access_unit().begin(), e.frames[i].access_unit().end(),
                               f.end() - static_cast<long>(s->mdat_payload_size)));
    }
    EXPECT_TRUE(e.frames[0].keyframe);
    EXPECT_TRUE(e.frames[7].keyframe);
    EXPECT_FALSE(e.frames[8].keyframe);
}

TEST(Fmp4Muxer, EachFragmentSaysWhenItsFrameArrivedInAPrftBeforeTheMoof) {
    const std::int64_t first_pts = 123456789;
    const Encoded e = encode_and_mux(320, 240, 4, first_pts);
    for (std::size_t i = 0; i < e.fragments.size(); ++i) {
        const auto top = test::parse_boxes(e.fragments[i]);
        ASSERT_TRUE(top);
        ASSERT_EQ(top->size(), 3u);
        EXPECT_EQ((*top)[0].type, "prft");
        EXPECT_EQ((*top)[1].type, "moof");
        EXPECT_EQ((*top)[2].type, "mdat");

        const auto s = test::read_fragment(e.fragments[i]);
        ASSERT_TRUE(s && s->prft);
        EXPECT_EQ(s->prft->version, 1);
        EXPECT_EQ(s->prft->flags, 0u);
        EXPECT_EQ(s->prft->track_id, 1u);  // the only track, as in tfhd
        EXPECT_EQ(s->prft->media_time, s->decode_time);
        EXPECT_EQ(s->prft->media_time, static_cast<std::uint64_t>(e.frames[i].pts));
        // 1700000000 s after 1970 is 3908988800 s after 1900; .25 s is 2^30 / 2^32.
        const std::uint64_t ms = 250 + 40 * i;
        const std::uint64_t fraction = (ms << 32) / 1000;
        EXPECT_EQ(s->prft->ntp, (std::uint64_t{3908988800} << 32) + fraction) << i;
        EXPECT_DOUBLE_EQ(test::ntp_to_unix_seconds(s->prft->ntp),
                         1700000000.0 + static_cast<double>(ms) / 1000);
    }
}

TEST(NtpTime, UnixEpochAndFractions) {
    using std::chrono::system_clock;
    EXPECT_EQ(to_ntp(system_clock::time_point{}), std::uint64_t{2208988800} << 32);
    EXPECT_EQ(to_ntp(system_clock::time_point(std::chrono::milliseconds(1500))),
              ((std::uint64_t{2208988801}) << 32) | 0x80000000u);
    // Just before 1970: the second before, and a fraction close to one.
    EXPECT_EQ(to_ntp(system_clock::time_point(std::chrono::milliseconds(-250))),
              ((std::uint64_t{2208988799}) << 32) | 0xC0000000u);
}

TEST(Fmp4Muxer, NoEditListSidxOrMfra) {
    const Encoded e = encode_and_mux(320, 240, 3, 5000);
    EXPECT_FALSE(test::contains_box(e.init, "elst"));
    for (const Bytes& f : e.fragments) {
        EXPECT_FALSE(test::contains_box(f, "sidx"));
        EXPECT_FALSE(test::contains_box(f, "mfra"));
    }
}

TEST(Fmp4Muxer, ANewMuxerContinuesTheTimeline) {
    // A camera reconnects: new encoder, new muxer, timestamps carry on from the old stream.
    const Encoded before = encode_and_mux(320, 240, 3, 0);
    const std::int64_t resume = 3 * kFrameTicks + 90000;
    const Encoded after = encode_and_mux(320, 240, 3, resume);
    for (int i = 0; i < 3; ++i) {
        const auto s = test::read_fragment(after.fragments[i]);
        ASSERT_TRUE(s);
        EXPECT_EQ(s->decode_time, static_cast<std::uint64_t>(resume + i * kFrameTicks));
    }
    const auto first = test::read_fragment(before.fragments[0]);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->decode_time, 0u);
}

TEST(Fmp4Muxer, JitteredTimestampsStayExact) {
    // Frames sooner and later than their declared duration: tfdt must not drift either way.
    H264Encoder encoder(320, 240, H264EncoderSettings{});
    Fmp4Muxer muxer(320, 240, encoder.sps(), encoder.pps());
    const std::int64_t pts[] = {90000, 93600, 95000, 120000, 120001, 124000};
    for (int i = 0; i < 6; ++i) {
        const EncodedFrame frame =
            encoder.encode(test::make_moving_picture(320, 240, i), pts[i], false);
        const auto s = test::read_fragment(muxer.fragment(frame, kFrameTicks));
        ASSERT_TRUE(s);
        EXPECT_EQ(s->decode_time, static_cast<std::uint64_t>(pts[i])) << i;
        EXPECT_EQ(*s->duration, kFrameTicks);
    }
}

TEST(Fmp4Muxer, RefusesBadInput) {
    H264Encoder encoder(320, 240, H264EncoderSettings{});
    Fmp4Muxer muxer(320, 240, encoder.sps(), encoder.pps());
    const EncodedFrame frame = encoder.encode(test::make_moving_picture(320, 240, 0), 0, false);
    EXPECT_THROW(muxer.fragment(frame, 0), std::invalid_argument);
    EXPECT_THROW(muxer.fragment(EncodedFrame{}, kFrameTicks), std::invalid_argument);
    EXPECT_THROW(Fmp4Muxer(320, 240, {}, encoder.pps()), std::invalid_argument);
}

TEST(Fmp4Muxer, FragmentWrittenIntoTheEncodersHeadroomIsTheSameBytesWithoutACopy) {
    H264Encoder encoder(320, 240, H264EncoderSettings{});
    Fmp4Muxer copying(320, 240, encoder.sps(), encoder.pps());
    Fmp4Muxer in_place(320, 240, encoder.sps(), encoder.pps());
    for (int i = 0; i < 3; ++i) {
        EncodedFrame frame = encoder.encode(test::make_moving_picture(320, 240, i), i * kFrameTicks,
                                            false, Fmp4Muxer::kFragmentHeadroom);
        ASSERT_EQ(frame.offset, Fmp4Muxer::kFragmentHeadroom);
        const Bytes expected = copying.fragment(frame, kFrameTicks, arrival_of(i));
        const std::uint8_t* storage = frame.buffer.data();
        const Bytes fragment = in_place.fragment(std::move(frame), kFrameTicks, arrival_of(i));
        EXPECT_EQ(fragment, expected) << i;
        EXPECT_EQ(fragment.data(), storage) << "the encoder's buffer is reused, not copied";
    }
}

TEST(Fmp4Muxer, InitPlusFragmentsPlaysBack) {
    const std::int64_t first_pts = 123456789;
    const Encoded e = encode_and_mux(320, 240, 20, first_pts, {10});
    Bytes file = e.init;
    for (const Bytes& f : e.fragments) file.insert(file.end(), f.begin(), f.end());

    const test::Playback p = test::play(file);
    EXPECT_EQ(p.width, 320);
    EXPECT_EQ(p.height, 240);
    EXPECT_EQ(p.frames, 20);
    EXPECT_TRUE(p.first_packet_key);
    ASSERT_EQ(p.first_y.pixels.size(), 320u * 240u);

    const Picture source = test::make_moving_picture(320, 240, 0);
    double error = 0;
    for (int y = 0; y < 240; ++y) {
        for (int x = 0; x < 320; ++x) {
            error += std::abs(p.first_y.at(x, y) - source.planes[0][y * source.strides[0] + x]);
        }
    }
    EXPECT_LT(error / (320 * 240), 3.0);  // mean absolute luma difference
    EXPECT_EQ(p.color_range, AVCOL_RANGE_JPEG);
    ASSERT_EQ(p.dts.size(), 20u);
    for (int i = 0; i < 20; ++i) EXPECT_EQ(p.dts[i], first_pts + i * kFrameTicks) << i;
}

}  // namespace
}  // namespace camstream::media
