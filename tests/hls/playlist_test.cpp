#include "hls/playlist.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <sstream>

#include "frame_feed.hpp"

namespace camstream::hls::test {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

int count_of(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

std::string tag_value(const std::string& text, const std::string& tag) {
    std::smatch m;
    if (!std::regex_search(text, m, std::regex("(^|\n)" + tag + ":([^\n]*)"))) return {};
    return m[2];
}

TEST(Playlist, ALiveStreamHasTheLowLatencyTags) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s);
    feed.run(25 * 3 + 7);
    const std::string text = write_playlist(s);
    const auto lines = lines_of(text);
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0], "#EXTM3U");
    EXPECT_EQ(tag_value(text, "#EXT-X-TARGETDURATION"), "1");
    EXPECT_EQ(tag_value(text, "#EXT-X-PART-INF"), "PART-TARGET=0.200");
    EXPECT_EQ(tag_value(text, "#EXT-X-SERVER-CONTROL"),
              "CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600");
    EXPECT_EQ(tag_value(text, "#EXT-X-MEDIA-SEQUENCE"), "0");
    EXPECT_EQ(tag_value(text, "#EXT-X-DISCONTINUITY-SEQUENCE"), "0");
    EXPECT_EQ(count_of(text, "#EXT-X-MAP:URI=\"init-1.mp4\""), 1);
    EXPECT_EQ(count_of(text, "#EXT-X-DISCONTINUITY\n"), 0);
    EXPECT_EQ(count_of(text, "#EXTINF:1.000,\n"), 3);
    for (int msn = 0; msn < 3; ++msn) {
        EXPECT_EQ(count_of(text, "\nseg-" + std::to_string(msn) + ".m4s\n"), 1) << msn;
    }
    EXPECT_EQ(count_of(text, "seg-3.m4s"), 0) << "the open segment is not listed whole";
    EXPECT_EQ(count_of(text, "#EXT-X-PROGRAM-DATE-TIME:"), 4);
    EXPECT_EQ(tag_value(text, "#EXT-X-PROGRAM-DATE-TIME"), "2023-11-14T22:13:20.000Z");
    // Parts are listed for the three newest segments only.
    EXPECT_EQ(count_of(text, "part-0."), 0);
    EXPECT_EQ(count_of(text, "#EXT-X-PART:DURATION=0.200,URI=\"part-1.0.m4s\",INDEPENDENT=YES\n"),
              1);
    EXPECT_EQ(count_of(text, "#EXT-X-PART:DURATION=0.200,URI=\"part-1.1.m4s\"\n"), 1);
    // The open segment's one complete part (frames 75-79), then the hint for the open one.
    EXPECT_EQ(count_of(text, "URI=\"part-3.0.m4s\",INDEPENDENT=YES\n"), 1);
    EXPECT_EQ(lines.back(), "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-3.1.m4s\"");
    EXPECT_EQ(s.next_part(), (Position{3, 1}));
}

TEST(Playlist, PartsAreListedForTheNewestSegmentsOnly) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s);
    feed.run(25 * 5 + 1);
    const std::string text = write_playlist(s);
    EXPECT_EQ(count_of(text, "part-0."), 0);
    EXPECT_EQ(count_of(text, "part-2."), 0);
    EXPECT_EQ(count_of(text, "URI=\"part-3."), 5);
    EXPECT_EQ(count_of(text, "URI=\"part-4."), 5);
    // Part durations in the listing add up to the segment's.
    EXPECT_EQ(count_of(text, "#EXTINF:1.000,\nseg-4.m4s\n"), 1);
}

TEST(Playlist, ADiscontinuityHasItsTagAndMapAndIsCountedOnceItLeaves) {
    HlsSettings settings;
    settings.window_segments = 2;
    Segmenter s(settings);
    s.on_format(make_format(1));
    FrameFeed feed(s);
    feed.run(40);
    s.on_format(make_format(2));
    feed.force_next_key = true;
    feed.run(10);
    {
        const std::string text = write_playlist(s);
        EXPECT_EQ(tag_value(text, "#EXT-X-DISCONTINUITY-SEQUENCE"), "0");
        EXPECT_EQ(count_of(text, "#EXT-X-DISCONTINUITY\n"), 1);
        // The tags come before the new segment's first part, the map after the discontinuity.
        const auto discontinuity = text.find("#EXT-X-DISCONTINUITY\n");
        const auto map = text.find("#EXT-X-MAP:URI=\"init-2.mp4\"");
        const auto first_part = text.find("part-2.0.m4s");
        ASSERT_NE(map, std::string::npos) << text;
        EXPECT_LT(text.find("#EXT-X-MAP:URI=\"init-1.mp4\""), discontinuity);
        EXPECT_LT(text.rfind("seg-1.m4s"), discontinuity);
        EXPECT_LT(discontinuity, map);
        EXPECT_LT(map, first_part);
    }
    // Two segments later the discontinuity's segment is the first of the window, and then gone.
    feed.run(50);
    {
        const std::string text = write_playlist(s);
        EXPECT_EQ(tag_value(text, "#EXT-X-MEDIA-SEQUENCE"), "2");
        EXPECT_EQ(tag_value(text, "#EXT-X-DISCONTINUITY-SEQUENCE"), "0");
        EXPECT_EQ(count_of(text, "#EXT-X-DISCONTINUITY\n"), 1);
        EXPECT_EQ(count_of(text, "init-1.mp4"), 0);
        EXPECT_EQ(count_of(text, "#EXT-X-MAP:URI=\"init-2.mp4\""), 1);
    }
    feed.run(25);
    {
        const std::string text = write_playlist(s);
        EXPECT_EQ(tag_value(text, "#EXT-X-MEDIA-SEQUENCE"), "3");
        EXPECT_EQ(tag_value(text, "#EXT-X-DISCONTINUITY-SEQUENCE"), "1");
        EXPECT_EQ(count_of(text, "#EXT-X-DISCONTINUITY\n"), 0);
        EXPECT_EQ(count_of(text, "#EXT-X-MAP:URI=\"init-2.mp4\""), 1);
    }
}

TEST(Playlist, OfflineHasNoPreloadHint) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s);
    feed.run(30);
    EXPECT_EQ(count_of(write_playlist(s), "#EXT-X-PRELOAD-HINT"), 1);
    s.on_offline();
    const std::string text = write_playlist(s);
    EXPECT_EQ(count_of(text, "#EXT-X-PRELOAD-HINT"), 0);
    EXPECT_EQ(count_of(text, "\nseg-1.m4s\n"), 1) << "the closed segment is listed";
    EXPECT_EQ(count_of(text, "#EXT-X-ENDLIST"), 0) << "the camera may come back";
}

TEST(Playlist, TargetDurationIsNeverBelowARoundedSegment) {
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    FrameFeed feed(s);
    feed.honor_requests = false;
    feed.keyframe_every = 63;  // 2.52 s
    feed.run(130);
    const std::string text = write_playlist(s);
    const int target = std::stoi(tag_value(text, "#EXT-X-TARGETDURATION"));
    std::smatch m;
    std::string rest = text;
    int segments = 0;
    while (std::regex_search(rest, m, std::regex("#EXTINF:([0-9.]+),"))) {
        EXPECT_LE(std::lround(std::stod(m[1])), target) << text;
        ++segments;
        rest = m.suffix();
    }
    EXPECT_EQ(segments, 2);
    EXPECT_EQ(target, 3);
}

TEST(Playlist, NoSegmentsYetIsTheHeaderAlone) {
    // The service answers no playlist before a segment is complete; this is what it would be.
    Segmenter s(HlsSettings{});
    s.on_format(make_format(1));
    const std::string text = write_playlist(s);
    EXPECT_EQ(count_of(text, "#EXT-X-TARGETDURATION:1\n"), 1);
    EXPECT_EQ(count_of(text, "#EXT-X-SERVER-CONTROL:"), 1);
    EXPECT_EQ(count_of(text, "#EXT-X-MEDIA-SEQUENCE"), 0);
    EXPECT_EQ(count_of(text, "#EXT-X-PRELOAD-HINT"), 0);
}

TEST(PlaylistResourceName, NamesRoundTrip) {
    ResourceName r;
    ASSERT_TRUE(parse_resource_name("index.m3u8", r));
    EXPECT_EQ(r.kind, ResourceName::Kind::playlist);

    ASSERT_TRUE(parse_resource_name(init_name(7), r));
    EXPECT_EQ(init_name(7), "init-7.mp4");
    EXPECT_EQ(r.kind, ResourceName::Kind::init);
    EXPECT_EQ(r.number, 7u);

    ASSERT_TRUE(parse_resource_name(segment_name(12345678901234ull), r));
    EXPECT_EQ(segment_name(3), "seg-3.m4s");
    EXPECT_EQ(r.kind, ResourceName::Kind::segment);
    EXPECT_EQ(r.number, 12345678901234ull);

    ASSERT_TRUE(parse_resource_name(part_name({42, 3}), r));
    EXPECT_EQ(part_name({42, 3}), "part-42.3.m4s");
    EXPECT_EQ(r.kind, ResourceName::Kind::part);
    EXPECT_EQ(r.number, 42u);
    EXPECT_EQ(r.part, 3u);

    ASSERT_TRUE(parse_resource_name(part_name({0, 0}), r));
    EXPECT_EQ(r.number, 0u);
    EXPECT_EQ(r.part, 0u);
}

TEST(PlaylistResourceName, RefusesJunk) {
    for (const std::string junk : {"",
                                   "seg-.m4s",
                                   "part-1.m4s",
                                   "../x",
                                   "seg-1x.m4s",
                                   "seg-1.mp4",
                                   "seg--1.m4s",
                                   "seg-+1.m4s",
                                   "seg- 1.m4s",
                                   "seg-99999999999999999999999.m4s",
                                   "part-.1.m4s",
                                   "part-1..m4s",
                                   "part-1.2.3.m4s",
                                   "part-1.x.m4s",
                                   "init-.mp4",
                                   "init-1.m4s",
                                   "init-a.mp4",
                                   "index.m3u",
                                   "INDEX.M3U8",
                                   "index.m3u8?x",
                                   "seg-1.m4s/",
                                   "/seg-1.m4s",
                                   "seg-1.m4s.bak",
                                   "x/../seg-1.m4s",
                                   "seg-0x10.m4s",
                                   "seg.m4s",
                                   "part-.m4s"}) {
        ResourceName r;
        EXPECT_FALSE(parse_resource_name(junk, r)) << "'" << junk << "'";
    }
}

}  // namespace
}  // namespace camstream::hls::test
