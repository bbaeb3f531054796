#include "hls/segmenter.hpp"

#include <gtest/gtest.h>

#include "frame_feed.hpp"

namespace camstream::hls::test {
namespace {

constexpr std::int64_t k25fps = kTicksPerSecond / 25;  // 3600

std::size_t complete_segments(const Segmenter& s) {
    std::size_t n = 0;
    for (const auto& segment : s.segments()) n += segment.complete ? 1 : 0;
    return n;
}

// Parts tile their segment, segments tile the stream (within one format), and every chunk
// is a frame's fragment in order.
void expect_consistent(const Segmenter& s) {
    const Segment* previous = nullptr;
    for (const auto& segment : s.segments()) {
        ASSERT_FALSE(segment.parts.empty()) << "segment " << segment.msn;
        EXPECT_EQ(segment.parts.front().start_pts, segment.start_pts);
        EXPECT_TRUE(segment.parts.front().independent);
        std::int64_t sum = 0;
        for (std::size_t i = 0; i < segment.parts.size(); ++i) {
            const Part& part = segment.parts[i];
            EXPECT_FALSE(part.chunks.empty()) << segment.msn << "." << i;
            if (i + 1 < segment.parts.size()) {
                EXPECT_TRUE(part.complete) << segment.msn << "." << i;
                EXPECT_EQ(part.end_pts, segment.parts[i + 1].start_pts) << segment.msn << "." << i;
            }
            if (part.complete) sum += part.end_pts - part.start_pts;
        }
        if (segment.complete) {
            EXPECT_TRUE(segment.parts.back().complete);
            EXPECT_EQ(sum, segment.end_pts - segment.start_pts) << "segment " << segment.msn;
        }
        if (previous != nullptr) {
            EXPECT_EQ(segment.msn, previous->msn + 1);
            EXPECT_TRUE(previous->complete);
            if (!segment.discontinuity) {
                EXPECT_EQ(segment.start_pts, previous->end_pts);
            }
        }
        previous = &segment;
    }
}

TEST(Segmenter, NothingBeforeAFormatOrTheFirstKeyframe) {
    Segmenter s(HlsSettings{});
    FrameFeed feed(s);
    feed.force_next_key = false;
    feed.honor_requests = false;
    EXPECT_FALSE(feed.next()) << "no format yet: frames are not ours to ask about";
    EXPECT_TRUE(s.segments().empty());
    EXPECT_FALSE(s.live());

    s.on_format(make_format(1));
    EXPECT_TRUE(s.live());
    EXPECT_TRUE(feed.next()) << "a segment needs a keyframe: ask for one";
    EXPECT_TRUE(feed.next());
    EXPECT_TRUE(s.segments().empty());
    EXPECT_EQ(s.next_part(), (Position{0, 0}));
    EXPECT_FALSE(s.last_complete_part());

    feed.send(true);
    ASSERT_EQ(s.segments().size(), 1u);
    EXPECT_EQ(s.segments()[0].msn, 0u);
    EXPECT_FALSE(s.segments()[0].discontinuity);
    EXPECT_EQ(frame_index(s.segments()[0].parts[0].chunks[0]), 3);
}

TEST(Segmenter, AsksForAKeyframeOnceJustBeforeTheTarget) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s, k25fps);
    feed.run(100);
    // Frame 24 is the last before 1 s: the request comes with it, so frame 25 (pts 90000)
    // starts the next segment; one request per segment.
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(feed.requests[i], i % 25 == 24) << "frame " << i;
    }
    ASSERT_EQ(complete_segments(s), 3u);
    for (const auto& segment : s.segments()) {
        EXPECT_EQ(segment.start_pts, static_cast<std::int64_t>(segment.msn) * kTicksPerSecond);
        if (segment.complete) {
            EXPECT_DOUBLE_EQ(segment.duration_seconds(), 1.0);
        }
    }
    expect_consistent(s);
}

TEST(Segmenter, SegmentsStartOnlyAtKeyframesEvenWhenTheyComeLate) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s, k25fps);
    feed.honor_requests = false;  // an encoder that keeps its own 2 s rhythm
    feed.keyframe_every = 50;
    feed.run(200);
    ASSERT_EQ(complete_segments(s), 3u);
    for (const auto& segment : s.segments()) {
        const int first = frame_index(segment.parts.front().chunks.front());
        EXPECT_TRUE(feed.keyframes[first]) << "segment " << segment.msn << " starts at " << first;
        EXPECT_EQ(first % 50, 0);
        for (std::size_t p = 0; p < segment.parts.size(); ++p) {
            for (std::size_t c = 0; c < segment.parts[p].chunks.size(); ++c) {
                if (p == 0 && c == 0) continue;
                EXPECT_FALSE(feed.keyframes[frame_index(segment.parts[p].chunks[c])])
                    << "a keyframe inside segment " << segment.msn;
            }
        }
        if (segment.complete) {
            EXPECT_DOUBLE_EQ(segment.duration_seconds(), 2.0);
        }
    }
    EXPECT_EQ(s.target_duration_seconds(), 2);
    expect_consistent(s);
}

TEST(Segmenter, AKeyframeBeforeHalfTheTargetDoesNotCutASegment) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s, k25fps);
    feed.run(10);  // 0.4 s
    feed.force_next_key = true;
    feed.run(10);
    ASSERT_EQ(s.segments().size(), 1u);
    // The keyframe starts a part, which says so.
    bool independent_part = false;
    for (const auto& part : s.segments()[0].parts) {
        if (frame_index(part.chunks.front()) == 10) independent_part = part.independent;
    }
    EXPECT_TRUE(independent_part);
    expect_consistent(s);
}

TEST(Segmenter, PartsStayWithinTheTargetAndAddUpToTheirSegment) {
    for (const std::int64_t interval : {k25fps, kTicksPerSecond / 30, kTicksPerSecond / 15}) {
        SCOPED_TRACE("interval " + std::to_string(interval));
        Segmenter s(HlsSettings{});
        s.on_format(make_format(1));
        FrameFeed feed(s, interval);
        feed.run(static_cast<int>(4 * kTicksPerSecond / interval));
        ASSERT_GE(complete_segments(s), 3u);
        const std::int64_t target = kTicksPerSecond / 5;
        for (const auto& segment : s.segments()) {
            for (std::size_t i = 0; i < segment.parts.size(); ++i) {
                const Part& part = segment.parts[i];
                if (!part.complete) continue;
                const std::int64_t d = part.end_pts - part.start_pts;
                EXPECT_LE(d, target) << segment.msn << "." << i;
                // All but a segment's last part are at least 85% of the target (LL-HLS),
                // as far as whole frames allow.
                if (i + 1 < segment.parts.size()) {
                    EXPECT_GT(d + interval, target * 85 / 100) << segment.msn << "." << i;
                }
            }
        }
        expect_consistent(s);
    }
}

TEST(Segmenter, JitteredArrivalStillGivesWholeFiveFrameParts) {
    // 25 fps on average, each frame 12 ms early or late in turn, as WiFi delivers them.
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s, k25fps);
    const std::int64_t jitter = kTicksPerSecond * 12 / 1000;
    for (int i = 0; i < 150; ++i) {
        feed.interval = k25fps + (i % 2 == 0 ? jitter : -jitter);
        feed.next();
    }
    std::size_t mid_segment_parts = 0;
    for (const auto& segment : s.segments()) {
        for (std::size_t i = 0; i + 1 < segment.parts.size(); ++i) {
            ++mid_segment_parts;
            EXPECT_EQ(segment.parts[i].chunks.size(), 5u) << segment.msn << "." << i;
        }
    }
    EXPECT_GT(mid_segment_parts, 6u);
    expect_consistent(s);
}

TEST(Segmenter, AResumedSegmenterGoesOnNumberingAfterADiscontinuity) {
    Segmenter first(HlsSettings{});
    first.on_format(make_format(1));
    FrameFeed feed(first, k25fps);
    feed.run(80);
    const Segmenter::Resume resume = first.resume_point();
    ASSERT_GT(resume.next_msn, 1u);

    Segmenter next(HlsSettings{}, resume);
    next.on_format(make_format(2));
    FrameFeed more(next, k25fps);
    more.run(40);
    ASSERT_FALSE(next.segments().empty());
    const Segment& s = next.segments().front();
    EXPECT_EQ(s.msn, resume.next_msn);
    EXPECT_TRUE(s.discontinuity);
    EXPECT_EQ(s.discontinuity_sequence, resume.discontinuities + 1);
}

TEST(Segmenter, TheWindowKeepsWindowSegmentsCompleteOnes) {
    HlsSettings settings;
    settings.window_segments = 3;
    Segmenter s(settings);
    s.on_format(make_format(1));
    FrameFeed feed(s, k25fps);
    feed.run(25 * 10 + 3);  // ten segments and a bit
    EXPECT_EQ(complete_segments(s), 3u);
    ASSERT_EQ(s.segments().size(), 4u);
    EXPECT_FALSE(s.segments().back().complete);
    EXPECT_EQ(s.segments().front().msn, 7u);
    EXPECT_EQ(s.segments().back().msn, 10u);
    EXPECT_EQ(s.next_msn(), 11u);
    EXPECT_EQ(s.segment(6), nullptr);
    EXPECT_EQ(s.segment(11), nullptr);
    ASSERT_NE(s.segment(8), nullptr);
    EXPECT_EQ(s.segment(8)->msn, 8u);
    EXPECT_EQ(s.part({6, 0}), nullptr);
    EXPECT_EQ(s.part({8, 99}), nullptr);
    expect_consistent(s);

    // Going offline closes the open segment; the window still holds three.
    s.on_offline();
    EXPECT_EQ(complete_segments(s), 3u);
    EXPECT_EQ(s.segments().front().msn, 8u);
}

TEST(Segmenter, ANewFormatClosesTheSegmentAndTheNextIsADiscontinuity) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s, k25fps);
    feed.run(37);  // 1.48 s: segment 1 is open
    ASSERT_EQ(s.segments().size(), 2u);
    EXPECT_EQ(s.init_segment(1), s.segments()[0].format->init_segment);

    s.on_format(make_format(2, 320, 240));
    ASSERT_EQ(s.segments().size(), 2u);
    EXPECT_TRUE(s.segments()[1].complete);
    EXPECT_EQ(s.segments()[1].end_pts, feed.pts) << "ends where its last frame ends";
    EXPECT_TRUE(s.live());
    EXPECT_EQ(s.next_part(), (Position{2, 0}));

    feed.force_next_key = false;
    feed.honor_requests = false;
    EXPECT_TRUE(feed.next()) << "the new format's first frame is no keyframe: ask for one";
    EXPECT_EQ(s.segments().size(), 2u);
    feed.honor_requests = true;
    feed.run(30);
    ASSERT_EQ(s.segments().size(), 4u);
    const Segment& after = s.segments()[2];
    EXPECT_EQ(after.msn, 2u);
    EXPECT_TRUE(after.discontinuity);
    EXPECT_EQ(after.discontinuity_sequence, 1u);
    EXPECT_EQ(after.format->generation, 2u);
    EXPECT_EQ(after.format->width, 320);
    EXPECT_EQ(frame_index(after.parts[0].chunks[0]), 38) << "starts at the keyframe";
    EXPECT_FALSE(s.segments()[3].discontinuity);
    EXPECT_EQ(s.segments()[3].discontinuity_sequence, 1u);
    EXPECT_FALSE(s.segments()[0].discontinuity);
    EXPECT_EQ(s.segments()[0].discontinuity_sequence, 0u);
    EXPECT_NE(s.init_segment(1), s.init_segment(2));
    ASSERT_TRUE(s.init_segment(2));
    EXPECT_EQ(s.init_segment(2)->back(), 2);
    EXPECT_FALSE(s.init_segment(3));
    expect_consistent(s);
}

TEST(Segmenter, OfflineClosesTheOpenSegmentAndIgnoresFramesUntilAFormat) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s, k25fps);
    feed.run(30);
    ASSERT_EQ(s.segments().size(), 2u);
    s.on_offline();
    EXPECT_FALSE(s.live());
    ASSERT_EQ(s.segments().size(), 2u);
    EXPECT_TRUE(s.segments()[1].complete);
    EXPECT_EQ(s.segments()[1].end_pts, 30 * k25fps);
    EXPECT_EQ(s.next_part(), (Position{2, 0}));
    ASSERT_TRUE(s.last_complete_part());
    EXPECT_EQ(*s.last_complete_part(), (Position{1, s.segments()[1].parts.size() - 1}));

    EXPECT_FALSE(feed.send(true)) << "no format: frames are dropped";
    EXPECT_EQ(s.segments().size(), 2u);
    s.on_offline();  // twice is harmless
    EXPECT_EQ(s.segments().size(), 2u);

    // The camera comes back: a discontinuity, msn goes on.
    s.on_format(make_format(2));
    feed.force_next_key = true;
    feed.run(5);
    ASSERT_EQ(s.segments().size(), 3u);
    EXPECT_EQ(s.segments()[2].msn, 2u);
    EXPECT_TRUE(s.segments()[2].discontinuity);
    expect_consistent(s);
}

TEST(Segmenter, AFormatWithNoFramesLeavesNoEmptySegment) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s, k25fps);
    feed.run(10);
    s.on_format(make_format(2));
    s.on_offline();
    s.on_format(make_format(3));
    feed.force_next_key = true;
    feed.run(3);
    ASSERT_EQ(s.segments().size(), 2u);
    EXPECT_EQ(s.segments()[1].msn, 1u);
    EXPECT_EQ(s.segments()[1].format->generation, 3u);
    EXPECT_TRUE(s.segments()[1].discontinuity);
    EXPECT_EQ(s.segments()[1].discontinuity_sequence, 1u) << "one discontinuity between them";
    expect_consistent(s);
}

TEST(Segmenter, LastCompletePartComesBeforeTheNextPartAndNeverGoesBack) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s, k25fps);
    std::optional<Position> previous_last;
    Position previous_next{0, 0};
    for (int i = 0; i < 150; ++i) {
        if (i == 80) s.on_format(make_format(2));  // mid-segment
        if (i == 81) feed.force_next_key = true;
        feed.next();
        const auto last = s.last_complete_part();
        const Position next = s.next_part();
        if (last) {
            EXPECT_LT(*last, next) << "frame " << i;
            const Part* part = s.part(*last);
            ASSERT_NE(part, nullptr);
            EXPECT_TRUE(part->complete);
        }
        if (previous_last) {
            ASSERT_TRUE(last);
            EXPECT_GE(*last, *previous_last) << "frame " << i;
        }
        EXPECT_GE(next, previous_next) << "frame " << i;
        const Part* upcoming = s.part(next);
        EXPECT_TRUE(upcoming == nullptr || !upcoming->complete) << "frame " << i;
        previous_last = last;
        previous_next = next;
    }
    expect_consistent(s);
}

TEST(Segmenter, TargetDurationIsTheLongestSegmentRounded) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    EXPECT_EQ(s.target_duration_seconds(), 1);
    FrameFeed feed(s, k25fps);
    feed.honor_requests = false;
    feed.keyframe_every = 65;  // 2.6 s
    feed.run(140);
    ASSERT_GE(complete_segments(s), 2u);
    EXPECT_EQ(s.target_duration_seconds(), 3);
}

}  // namespace
}  // namespace camstream::hls::test
