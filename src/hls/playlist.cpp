#include "hls/playlist.hpp"

#include <charconv>
#include <cstdio>
#include <ctime>

namespace camstream::hls {

namespace {
// How many of the newest segments list their parts: the rest are old enough that a client
// playing at the live edge only wants whole segments.
constexpr std::size_t kSegmentsWithParts = 3;

std::string seconds(double s) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", s);
    return text;
}

std::string iso8601(std::chrono::system_clock::time_point t) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
    const std::time_t whole = static_cast<std::time_t>(ms.count() / 1000);
    std::tm tm{};
    gmtime_r(&whole, &tm);
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms.count() % 1000));
    return text;
}

bool parse_number(std::string_view text, std::uint64_t& out) {
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}
}  // namespace

std::string segment_name(std::uint64_t msn) {
    return "seg-" + std::to_string(msn) + ".m4s";
}
std::string part_name(Position p) {
    return "part-" + std::to_string(p.msn) + "." + std::to_string(p.part) + ".m4s";
}
std::string init_name(std::uint64_t generation) {
    return "init-" + std::to_string(generation) + ".mp4";
}

bool parse_resource_name(const std::string& name, ResourceName& out) {
    std::string_view n = name;
    if (n == "index.m3u8") {
        out = {ResourceName::Kind::playlist, 0, 0};
        return true;
    }
    auto strip = [&n](std::string_view prefix, std::string_view suffix) {
        if (!n.starts_with(prefix) || !n.ends_with(suffix)) return false;
        if (n.size() < prefix.size() + suffix.size()) return false;
        n = n.substr(prefix.size(), n.size() - prefix.size() - suffix.size());
        return true;
    };
    if (strip("init-", ".mp4")) {
        out.kind = ResourceName::Kind::init;
        return parse_number(n, out.number);
    }
    if (strip("seg-", ".m4s")) {
        out.kind = ResourceName::Kind::segment;
        return parse_number(n, out.number);
    }
    if (strip("part-", ".m4s")) {
        out.kind = ResourceName::Kind::part;
        const auto dot = n.find('.');
        if (dot == std::string_view::npos) return false;
        return parse_number(n.substr(0, dot), out.number) &&
               parse_number(n.substr(dot + 1), out.part);
    }
    return false;
}

std::string write_playlist(const Segmenter& segmenter) {
    const auto& segments = segmenter.segments();
    const double part_target =
        static_cast<double>(segmenter.settings().part_target.count()) / 1000.0;
    std::string out;
    out += "#EXTM3U\n#EXT-X-VERSION:6\n";
    out += "#EXT-X-TARGETDURATION:" + std::to_string(segmenter.target_duration_seconds()) + "\n";
    out += "#EXT-X-PART-INF:PART-TARGET=" + seconds(part_target) + "\n";
    // Three part targets behind the live edge: the recommended hold-back for LL-HLS clients.
    out += "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=" + seconds(3 * part_target) +
           "\n";
    if (segments.empty()) return out;

    const Segment& first = segments.front();
    out += "#EXT-X-MEDIA-SEQUENCE:" + std::to_string(first.msn) + "\n";
    out += "#EXT-X-DISCONTINUITY-SEQUENCE:" +
           std::to_string(first.discontinuity_sequence - (first.discontinuity ? 1 : 0)) + "\n";

    const std::size_t with_parts_from =
        segments.size() > kSegmentsWithParts ? segments.size() - kSegmentsWithParts : 0;
    std::uint64_t map_generation = 0;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const Segment& s = segments[i];
        if (s.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
        if (i == 0 || s.format->generation != map_generation) {
            map_generation = s.format->generation;
            out += "#EXT-X-MAP:URI=\"" + init_name(map_generation) + "\"\n";
        }
        out += "#EXT-X-PROGRAM-DATE-TIME:" + iso8601(s.start_wall) + "\n";
        if (i >= with_parts_from) {
            for (std::size_t p = 0; p < s.parts.size(); ++p) {
                const Part& part = s.parts[p];
                if (!part.complete) break;
                out +=
                    "#EXT-X-PART:DURATION=" +
                    seconds(static_cast<double>(part.end_pts - part.start_pts) / kTicksPerSecond) +
                    ",URI=\"" + part_name({s.msn, p}) + "\"" +
                    (part.independent ? ",INDEPENDENT=YES" : "") + "\n";
            }
        }
        if (s.complete) {
            out += "#EXTINF:" + seconds(s.duration_seconds()) + ",\n" + segment_name(s.msn) + "\n";
        }
    }
    if (segmenter.live()) {
        out += "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"" + part_name(segmenter.next_part()) + "\"\n";
    }
    return out;
}

}  // namespace camstream::hls
