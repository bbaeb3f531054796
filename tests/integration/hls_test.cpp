// LL-HLS against real processes: mock-camera -> camstream-server -> plain HTTP clients, the
// FFmpeg libraries and ffprobe. Blocking reloads, preload hints, the camera leaving and coming
// back, and clients hanging up while held.
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/beast/http.hpp>
#include <cstdlib>
#include <future>
#include <regex>
#include <sstream>
#include <thread>

#include "media/mp4_boxes.hpp"
#include "media/mp4_playback.hpp"
#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct Reply {
    int status = 0;
    std::string body;
    std::string content_type;
    std::optional<std::size_t> content_length;
};

Reply read_reply(beast::tcp_stream& stream, beast::flat_buffer& buffer, http::verb verb) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (verb == http::verb::head) parser.skip(true);  // headers only, as the method says
    http::read(stream, buffer, parser);
    const auto& response = parser.get();
    Reply reply;
    reply.status = static_cast<int>(response.result_int());
    reply.body = response.body();
    reply.content_type = std::string(response[http::field::content_type]);
    if (auto it = response.find(http::field::content_length); it != response.end()) {
        reply.content_length = std::stoull(std::string(it->value()));
    }
    return reply;
}

void write_request(beast::tcp_stream& stream, http::verb verb, const std::string& target) {
    http::request<http::empty_body> request{verb, target, 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
}

void connect(beast::tcp_stream& stream, std::uint16_t port) {
    stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
}

Reply fetch(std::uint16_t port, const std::string& target, http::verb verb = http::verb::get) {
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(15s);  // a held request answers within three segment targets
    connect(stream, port);
    write_request(stream, verb, target);
    beast::flat_buffer buffer;
    return read_reply(stream, buffer, verb);
}

// HEAD, then GET /healthz on the same connection: a HEAD answer with a body would make the
// second answer unreadable.
std::pair<Reply, Reply> head_then_healthz(std::uint16_t port, const std::string& target) {
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(15s);
    connect(stream, port);
    beast::flat_buffer buffer;
    write_request(stream, http::verb::head, target);
    Reply head = read_reply(stream, buffer, http::verb::head);
    write_request(stream, http::verb::get, "/healthz");
    Reply next = read_reply(stream, buffer, http::verb::get);
    return {head, next};
}

std::span<const std::uint8_t> bytes_of(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// A part or segment body: prft+moof+mdat, one per frame. Empty if it is anything else.
std::vector<std::span<const std::uint8_t>> fragments_of(const std::string& body) {
    const auto bytes = bytes_of(body);
    const auto boxes = media::test::parse_boxes(bytes);
    if (!boxes || boxes->empty() || boxes->size() % 3 != 0) return {};
    std::vector<std::span<const std::uint8_t>> fragments;
    const std::uint8_t* start = bytes.data();
    for (std::size_t i = 0; i < boxes->size(); i += 3) {
        if ((*boxes)[i].type != "prft" || (*boxes)[i + 1].type != "moof" ||
            (*boxes)[i + 2].type != "mdat") {
            return {};
        }
        const auto& mdat = (*boxes)[i + 2].payload;
        const std::uint8_t* end = mdat.data() + mdat.size();
        fragments.emplace_back(start, static_cast<std::size_t>(end - start));
        start = end;
    }
    return fragments;
}

bool is_keyframe(std::span<const std::uint8_t> fragment) {
    const auto sample = media::test::read_fragment(fragment);
    return sample && sample->flags && (*sample->flags & 0x00010000u) == 0;
}

struct Position {
    std::uint64_t msn = 0;
    std::uint64_t part = 0;
};

// What the tests read from a media playlist.
struct Playlist {
    struct Segment {
        std::string uri;
        std::string map;
        bool discontinuity = false;
    };
    std::string text;
    std::vector<Segment> segments;
    std::vector<std::string> maps;
    std::vector<std::string> parts;
    std::vector<std::string> independent_parts;
    std::string hint;  // empty if none
    int discontinuities = 0;

    bool lists_part(const std::string& uri) const {
        return std::find(parts.begin(), parts.end(), uri) != parts.end();
    }
    Position hint_position() const {
        std::smatch m;
        if (!std::regex_match(hint, m, std::regex(R"(part-(\d+)\.(\d+)\.m4s)"))) {
            ADD_FAILURE() << "no preload hint in\n" << text;
            return {};
        }
        return {std::stoull(m[1]), std::stoull(m[2])};
    }
};

std::string quoted_uri(const std::string& line) {
    std::smatch m;
    return std::regex_search(line, m, std::regex(R"rx(URI="([^"]*)")rx")) ? m[1].str() : "";
}

Playlist parse_playlist(const std::string& text) {
    Playlist p;
    p.text = text;
    std::istringstream in(text);
    std::string map;
    bool discontinuity = false;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("#EXT-X-MAP:")) {
            map = quoted_uri(line);
            p.maps.push_back(map);
        } else if (line == "#EXT-X-DISCONTINUITY") {
            discontinuity = true;
            ++p.discontinuities;
        } else if (line.starts_with("#EXT-X-PART:")) {
            p.parts.push_back(quoted_uri(line));
            if (line.find("INDEPENDENT=YES") != std::string::npos) {
                p.independent_parts.push_back(p.parts.back());
            }
        } else if (line.starts_with("#EXT-X-PRELOAD-HINT:")) {
            p.hint = quoted_uri(line);
        } else if (!line.empty() && line[0] != '#') {
            p.segments.push_back({line, map, discontinuity});
            discontinuity = false;
        }
    }
    return p;
}

std::string part_uri(Position p) {
    return "part-" + std::to_string(p.msn) + "." + std::to_string(p.part) + ".m4s";
}

std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = dir + "/" + name;
        if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

class HlsTest : public ServerTest {
protected:
    std::unique_ptr<ChildProcess> start_mock(const std::string& id,
                                             const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args = {"--host", "127.0.0.1", "--port", std::to_string(port_),
                                         "--id",   id,          "--fps",  "25"};
        args.insert(args.end(), extra.begin(), extra.end());
        return std::make_unique<ChildProcess>(MOCK_CAMERA_BIN, args);
    }

    static std::string url(const std::string& id, const std::string& file) {
        return "/hls/" + id + "/" + file;
    }

    // Polls the playlist until it answers 200 and `done` holds (the first request starts the
    // camera's HLS and may be answered 503 while the first segment is cut).
    template <typename Predicate>
    Playlist playlist_when(const std::string& id, Predicate done,
                           std::chrono::seconds timeout = 30s) {
        const auto deadline = Clock::now() + timeout;
        Reply last;
        while (Clock::now() < deadline) {
            last = fetch(port_, url(id, "index.m3u8"));
            if (last.status == 200) {
                Playlist p = parse_playlist(last.body);
                if (done(p)) return p;
            }
            std::this_thread::sleep_for(50ms);
        }
        ADD_FAILURE() << "playlist of " << id << " never got there; last answer " << last.status
                      << ":\n"
                      << last.body << "\nserver log:\n"
                      << server_->log();
        return parse_playlist(last.body);
    }
    Playlist live_playlist(const std::string& id, std::size_t segments = 1) {
        return playlist_when(id, [segments](const Playlist& p) {
            return p.segments.size() >= segments && !p.hint.empty();
        });
    }
};

TEST_F(HlsTest, ALiveCameraPlaylistHasTheLowLatencyTags) {
    auto mock = start_mock("cam");
    const Playlist p = live_playlist("cam");
    const auto& t = p.text;
    EXPECT_TRUE(t.starts_with("#EXTM3U\n")) << t;
    for (const std::string tag :
         {"#EXT-X-TARGETDURATION:", "#EXT-X-PART-INF:PART-TARGET=0.200",
          "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=", "#EXT-X-MEDIA-SEQUENCE:",
          "#EXT-X-MAP:URI=\"init-", "#EXT-X-PROGRAM-DATE-TIME:", "#EXTINF:", "#EXT-X-PART:",
          "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-"}) {
        EXPECT_NE(t.find(tag), std::string::npos) << tag << " missing from\n" << t;
    }
    EXPECT_EQ(p.maps.size(), 1u) << t;
    EXPECT_EQ(p.discontinuities, 0) << t;
    const Reply reply = fetch(port_, url("cam", "index.m3u8"));
    EXPECT_EQ(reply.content_type, "application/vnd.apple.mpegurl");
}

TEST_F(HlsTest, InitAndEveryListedSegmentPlayAsH264OfTheCameraSize) {
    auto mock = start_mock("cam");
    const Playlist p = live_playlist("cam", 3);
    ASSERT_GE(p.segments.size(), 3u);
    const Reply init = fetch(port_, url("cam", p.maps.at(0)));
    ASSERT_EQ(init.status, 200);
    EXPECT_EQ(init.content_type, "video/mp4");
    std::vector<std::uint8_t> file(init.body.begin(), init.body.end());
    std::size_t frames = 0;
    for (const auto& segment : p.segments) {
        const Reply s = fetch(port_, url("cam", segment.uri));
        ASSERT_EQ(s.status, 200) << segment.uri;
        const auto fragments = fragments_of(s.body);
        ASSERT_FALSE(fragments.empty()) << segment.uri << " is not prft+moof+mdat per frame";
        EXPECT_TRUE(is_keyframe(fragments.front())) << segment.uri << " starts without a keyframe";
        frames += fragments.size();
        file.insert(file.end(), s.body.begin(), s.body.end());
    }
    const auto playback = media::test::play(file);
    EXPECT_EQ(playback.width, 640);
    EXPECT_EQ(playback.height, 480);
    EXPECT_TRUE(playback.first_packet_key);
    EXPECT_EQ(playback.frames, static_cast<int>(frames));
    for (std::size_t i = 1; i < playback.dts.size(); ++i) {
        EXPECT_GT(playback.dts[i], playback.dts[i - 1]) << "frame " << i;
    }
    std::printf("[ figures ] %zu segments, %d frames decoded\n", p.segments.size(),
                playback.frames);
}

TEST_F(HlsTest, ASegmentIsItsPartsConcatenated) {
    auto mock = start_mock("cam");
    // The newest complete segment whose parts are all listed.
    const Playlist p = playlist_when("cam", [](const Playlist& p) {
        return !p.segments.empty() && p.lists_part(part_uri({p.hint_position().msn - 1, 0}));
    });
    const std::uint64_t msn = p.hint_position().msn - 1;
    const std::string segment =
        fetch(port_, url("cam", "seg-" + std::to_string(msn) + ".m4s")).body;
    std::string parts;
    for (std::uint64_t i = 0; p.lists_part(part_uri({msn, i})); ++i) {
        const Reply part = fetch(port_, url("cam", part_uri({msn, i})));
        ASSERT_EQ(part.status, 200);
        parts += part.body;
    }
    EXPECT_FALSE(segment.empty());
    EXPECT_EQ(parts, segment);
}

TEST_F(HlsTest, ABlockingReloadAnswersOnceTheNextSegmentsFirstPartIsListed) {
    auto mock = start_mock("cam");
    const Playlist before = live_playlist("cam");
    const Position want{before.hint_position().msn + 1, 0};
    const Reply reply = fetch(
        port_, url("cam", "index.m3u8?_HLS_msn=" + std::to_string(want.msn) + "&_HLS_part=0"));
    ASSERT_EQ(reply.status, 200) << reply.body;
    const Playlist after = parse_playlist(reply.body);
    EXPECT_FALSE(before.lists_part(part_uri(want)));
    ASSERT_TRUE(after.lists_part(part_uri(want))) << "answered before the part existed:\n"
                                                  << reply.body;
    EXPECT_NE(
        std::find(after.independent_parts.begin(), after.independent_parts.end(), part_uri(want)),
        after.independent_parts.end());

    const Reply part = fetch(port_, url("cam", part_uri(want)));
    ASSERT_EQ(part.status, 200);
    EXPECT_EQ(part.content_type, "video/mp4");
    const auto fragments = fragments_of(part.body);
    ASSERT_FALSE(fragments.empty()) << "not prft+moof+mdat per frame";
    EXPECT_TRUE(is_keyframe(fragments.front()));
    for (std::size_t i = 1; i < fragments.size(); ++i) EXPECT_FALSE(is_keyframe(fragments[i]));
}

TEST_F(HlsTest, APreloadHintedPartIsAnsweredWhenComplete) {
    auto mock = start_mock("cam");
    const Playlist p = live_playlist("cam");
    const std::string hint = p.hint;
    ASSERT_FALSE(p.lists_part(hint));
    const Reply part = fetch(port_, url("cam", hint));
    ASSERT_EQ(part.status, 200) << hint << ": " << part.body;
    EXPECT_FALSE(fragments_of(part.body).empty());
    // Answered once complete: it is listed now, and the same bytes come again.
    const Position at = p.hint_position();
    const Reply listing = fetch(port_, url("cam", "index.m3u8?_HLS_msn=" + std::to_string(at.msn) +
                                                      "&_HLS_part=" + std::to_string(at.part)));
    ASSERT_EQ(listing.status, 200);
    EXPECT_TRUE(parse_playlist(listing.body).lists_part(hint)) << listing.body;
    EXPECT_EQ(fetch(port_, url("cam", hint)).body, part.body);
}

TEST_F(HlsTest, BadRequestsAreRefused) {
    auto mock = start_mock("cam");
    live_playlist("cam");
    EXPECT_EQ(fetch(port_, url("cam", "index.m3u8?_HLS_part=0")).status, 400);
    EXPECT_EQ(fetch(port_, url("cam", "index.m3u8?_HLS_msn=x")).status, 400);
    EXPECT_EQ(fetch(port_, url("cam", "index.m3u8?_HLS_msn=-1")).status, 400);
    EXPECT_EQ(fetch(port_, url("cam", "index.m3u8?_HLS_msn=1&_HLS_part=y")).status, 400);
    // More than two segments past the newest one. The playlist may move on between the two
    // requests (then the request is legal and held): try again.
    int status = 0;
    for (int attempt = 0; attempt < 3 && status != 400; ++attempt) {
        const auto last = live_playlist("cam").hint_position().msn;
        status = fetch(port_, url("cam", "index.m3u8?_HLS_msn=" + std::to_string(last + 3))).status;
    }
    EXPECT_EQ(status, 400);
    EXPECT_EQ(fetch(port_, url("cam", "index.m3u8?_HLS_msn=99999999")).status, 400);

    EXPECT_EQ(fetch(port_, url("cam", "seg-.m4s")).status, 404);
    EXPECT_EQ(fetch(port_, url("cam", "part-1.m4s")).status, 404);
    EXPECT_EQ(fetch(port_, url("cam", "seg-99999.m4s")).status, 404);
    EXPECT_EQ(fetch(port_, url("cam", "init-99999.mp4")).status, 404);
    EXPECT_EQ(fetch(port_, url("nobody", "index.m3u8")).status, 404);
    EXPECT_EQ(fetch(port_, "/hls/bad%20id/index.m3u8").status, 400);
    EXPECT_TRUE(server_->running());
}

TEST_F(HlsTest, AnOfflineCameraWithNothingToServeIs503) {
    // Known (a viewer asked for it) but never connected.
    WsClient viewer(port_, "/ws/viewer/ghost");
    expect_status(viewer, "offline");
    const Reply never = fetch(port_, url("ghost", "index.m3u8"));
    EXPECT_EQ(never.status, 503) << never.body;

    // Connected once, gone before anyone asked for HLS.
    {
        auto mock = start_mock("gone", {"--frames", "10"});
        EXPECT_EQ(mock->wait(30s), std::optional<int>(0)) << mock->log();
    }
    wait_for_stats("gone", [](const nlohmann::json& s) {
        return !s.empty() && !s["connected"].get<bool>() && s["frames_received"] == 10;
    });
    const Reply gone = fetch(port_, url("gone", "index.m3u8"));
    EXPECT_EQ(gone.status, 503) << gone.body;
}

TEST_F(HlsTest, ACameraLeavingWhileARequestIsHeldAnswers503AndDropsTheHint) {
    auto mock = start_mock("cam");
    const Playlist p = live_playlist("cam");
    // Two segments ahead: legal, and far enough that it cannot come before the camera leaves.
    const std::string target =
        url("cam", "index.m3u8?_HLS_msn=" + std::to_string(p.hint_position().msn + 2));
    auto held = std::async(std::launch::async, [&] { return fetch(port_, target); });
    held.wait_for(200ms);  // time for the request to reach the server (answered either way)
    EXPECT_EQ(mock->stop(), std::optional<int>(0));
    const auto stopped = Clock::now();
    const Reply reply = held.get();
    EXPECT_EQ(reply.status, 503) << reply.body;
    EXPECT_LT(Clock::now() - stopped, 4s);

    const Playlist after = playlist_when("cam", [](const Playlist& p) { return p.hint.empty(); });
    EXPECT_EQ(after.text.find("#EXT-X-PRELOAD-HINT"), std::string::npos) << after.text;
    EXPECT_FALSE(after.segments.empty()) << "what was cut stays listed";
}

TEST_F(HlsTest, ACameraReconnectingGivesADiscontinuityAndANewMap) {
    auto mock = start_mock("cam");
    const Playlist first = live_playlist("cam");
    ASSERT_EQ(first.maps.size(), 1u);
    EXPECT_EQ(mock->stop(), std::optional<int>(0));
    playlist_when("cam", [](const Playlist& p) { return p.hint.empty(); });

    mock = start_mock("cam", {"--width", "320", "--height", "240"});
    const Playlist p = playlist_when("cam", [](const Playlist& p) {
        for (const auto& s : p.segments) {
            if (s.discontinuity) return true;  // a complete segment after the discontinuity
        }
        return false;
    });
    ASSERT_EQ(p.discontinuities, 1) << p.text;
    ASSERT_EQ(p.maps.size(), 2u) << p.text;
    EXPECT_NE(p.maps[0], p.maps[1]);
    EXPECT_EQ(p.maps[0], first.maps[0]);
    const auto d = p.text.find("#EXT-X-DISCONTINUITY\n");
    EXPECT_LT(d, p.text.find("#EXT-X-MAP:URI=\"" + p.maps[1] + "\""));

    // The new format plays at its own size from its own init segment.
    const Reply init = fetch(port_, url("cam", p.maps[1]));
    ASSERT_EQ(init.status, 200);
    std::vector<std::uint8_t> file(init.body.begin(), init.body.end());
    for (const auto& s : p.segments) {
        if (s.map != p.maps[1]) continue;
        const Reply segment = fetch(port_, url("cam", s.uri));
        ASSERT_EQ(segment.status, 200);
        file.insert(file.end(), segment.body.begin(), segment.body.end());
    }
    const auto playback = media::test::play(file);
    EXPECT_EQ(playback.width, 320);
    EXPECT_EQ(playback.height, 240);
    EXPECT_TRUE(playback.first_packet_key);
    EXPECT_GT(playback.frames, 0);
}

TEST_F(HlsTest, HeadGivesTheHeadersAndNoBody) {
    auto mock = start_mock("cam");
    const Playlist p = live_playlist("cam");
    const auto [playlist, after_playlist] = head_then_healthz(port_, url("cam", "index.m3u8"));
    EXPECT_EQ(playlist.status, 200);
    EXPECT_EQ(playlist.content_type, "application/vnd.apple.mpegurl");
    ASSERT_TRUE(playlist.content_length);
    EXPECT_GT(*playlist.content_length, 0u);
    EXPECT_EQ(after_playlist.status, 200) << "a body followed the HEAD answer";

    const std::string segment = p.segments.back().uri;
    const Reply full = fetch(port_, url("cam", segment));
    ASSERT_EQ(full.status, 200);
    const auto [head, after_head] = head_then_healthz(port_, url("cam", segment));
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.content_type, "video/mp4");
    EXPECT_EQ(head.content_length, std::optional<std::size_t>(full.body.size()));
    EXPECT_EQ(after_head.status, 200) << "a body followed the HEAD answer";
}

TEST_F(HlsTest, AClientHangingUpWhileHeldDisturbsNoOne) {
    auto mock = start_mock("cam");
    const Playlist p = live_playlist("cam");
    WsClient viewer(port_, "/ws/viewer/cam");
    ASSERT_EQ(capture(viewer, 5).fragments.size(), 5u);

    // Requests that will be held, from clients that hang up at once.
    const Position hint = p.hint_position();
    for (const std::string& file :
         {"index.m3u8?_HLS_msn=" + std::to_string(hint.msn + 2), part_uri({hint.msn + 1, 0}),
          "index.m3u8?_HLS_msn=" + std::to_string(hint.msn + 1) + "&_HLS_part=2"}) {
        boost::asio::io_context ioc;
        beast::tcp_stream stream(ioc);
        connect(stream, port_);
        write_request(stream, http::verb::get, url("cam", file));
        // Let the server read it (and hold it) before the connection goes.
        std::this_thread::sleep_for(100ms);
        stream.socket().close();
    }

    // Another HLS client follows the live edge part by part, past the time the abandoned
    // requests are answered (three segment targets).
    const auto until = Clock::now() + 4s;
    Position next = hint;
    int parts = 0;
    while (Clock::now() < until) {
        const Reply r = fetch(port_, url("cam", "index.m3u8?_HLS_msn=" + std::to_string(next.msn) +
                                                    "&_HLS_part=" + std::to_string(next.part)));
        ASSERT_EQ(r.status, 200) << r.body;
        const Playlist now = parse_playlist(r.body);
        const Position hinted = now.hint_position();
        ASSERT_TRUE(hinted.msn > next.msn || (hinted.msn == next.msn && hinted.part > next.part))
            << "no progress past " << part_uri(next) << ":\n"
            << r.body;
        next = hinted;
        ++parts;
    }
    EXPECT_GE(parts, 10);
    // The viewer's stream went on too.
    const auto c = capture(viewer, 25, 10s);
    EXPECT_EQ(c.fragments.size(), 25u);
    EXPECT_TRUE(server_->running());
}

TEST_F(HlsTest, TheServerStopsCleanlyWhileARequestIsHeld) {
    auto mock = start_mock("cam");
    const Playlist p = live_playlist("cam");
    const std::string target =
        url("cam", "index.m3u8?_HLS_msn=" + std::to_string(p.hint_position().msn + 2));
    auto held = std::async(std::launch::async, [&] {
        try {
            return fetch(port_, target).status;
        } catch (const std::exception&) {
            return 0;  // the connection closed without an answer
        }
    });
    held.wait_for(200ms);  // time for the request to reach the server
    EXPECT_EQ(server_->stop(), std::optional<int>(0)) << server_->log();
    const int status = held.get();
    EXPECT_TRUE(status == 503 || status == 0) << status;
    EXPECT_EQ(server_->log().find("Sanitizer"), std::string::npos) << server_->log();
    server_.reset();
}

TEST_F(HlsTest, MetricsCountTheHlsConsumer) {
    auto mock = start_mock("cam");
    live_playlist("cam");
    const std::string metrics = http_get(port_, "/metrics").body;
    EXPECT_NE(metrics.find("camstream_consumers{camera=\"cam\",kind=\"hls\"} 1\n"),
              std::string::npos)
        << metrics;
}

TEST_F(HlsTest, FfprobeReadsTheLivePlaylist) {
    const std::string ffprobe = find_program("ffprobe");
    ASSERT_FALSE(ffprobe.empty())
        << "ffprobe is not installed (Debian package ffmpeg; scripts/setup.sh --test installs it)";
    auto mock = start_mock("probe");
    live_playlist("probe", 2);
    ChildProcess probe(ffprobe,
                       {"-v", "error", "-count_frames", "-read_intervals", "%+3", "-show_entries",
                        "stream=codec_name,width,height,nb_read_frames", "-of", "json",
                        "http://127.0.0.1:" + std::to_string(port_) + "/hls/probe/index.m3u8"});
    std::string out;
    const auto deadline = Clock::now() + 60s;
    while (Clock::now() < deadline) {
        auto line = probe.wait_for_line(
            std::regex(".*"),
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
        if (!line) break;  // end of output (or the deadline)
        out += (*line)[0] + "\n";
    }
    auto code = probe.wait(5s);
    if (!code) code = probe.stop(5s);
    ASSERT_EQ(code, std::optional<int>(0)) << "ffprobe: " << probe.log() << "\n" << out;
    const auto json = nlohmann::json::parse(out, nullptr, false);
    ASSERT_FALSE(json.is_discarded()) << out;
    ASSERT_TRUE(json.contains("streams") && !json["streams"].empty()) << out;
    const auto& stream = json["streams"][0];
    EXPECT_EQ(stream.value("codec_name", ""), "h264") << out;
    EXPECT_EQ(stream.value("width", 0), 640) << out;
    EXPECT_EQ(stream.value("height", 0), 480) << out;
    const int frames = std::stoi(stream.value("nb_read_frames", std::string("0")));
    // Three seconds of the live edge; a loaded test machine slows the mock camera, so ask for
    // frames decoded, not the camera's full rate.
    EXPECT_GE(frames, 10) << out;
    std::printf("[ figures ] ffprobe read %d frames of the live playlist\n", frames);
}

}  // namespace
}  // namespace camstream::test
