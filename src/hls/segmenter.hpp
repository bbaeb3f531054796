#pragma once
// Cuts one camera's H.264 frames into an HLS media playlist's segments and partial segments,
// in memory. A segment starts at a keyframe once the previous one has lasted half the target;
// the segmenter asks for that keyframe shortly before the target is reached. A part closes
// when the next frame would take it past the part target. Parts and segments hold the frames'
// own fMP4 fragments (one prft+moof+mdat per frame, CMAF chunks), shared, never re-muxed.
// A new format (the camera reconnected or changed size) closes the open segment and starts
// the next one with a discontinuity and the new init segment. Synchronous, single-threaded.
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "hls/hls_settings.hpp"
#include "stream/stream_event.hpp"

namespace camstream::hls {

inline constexpr std::int64_t kTicksPerSecond = 90000;

struct Part {
    std::vector<media::SharedBytes> chunks;  // one fragment per frame
    std::int64_t start_pts = 0;
    std::int64_t end_pts = 0;  // once complete
    bool independent = false;  // starts with a keyframe
    bool complete = false;
};

struct Segment {
    std::uint64_t msn = 0;  // media sequence number
    std::shared_ptr<const stream::StreamFormat> format;
    bool discontinuity = false;  // the first after a new format (not the stream's first)
    std::uint64_t discontinuity_sequence = 0;  // discontinuities before this segment
    std::chrono::system_clock::time_point start_wall;
    std::int64_t start_pts = 0;
    std::int64_t end_pts = 0;  // once complete
    std::vector<Part> parts;
    bool complete = false;

    double duration_seconds() const {
        return static_cast<double>(end_pts - start_pts) / kTicksPerSecond;
    }
};

// A place in the stream: segment msn, part index within it. Ordered.
struct Position {
    std::uint64_t msn = 0;
    std::uint64_t part = 0;
    auto operator<=>(const Position&) const = default;
};

// Where a new segmenter of the same camera goes on from: its media sequence and discontinuity
// count, so a camera's playlist never goes back.
struct ResumePoint {
    std::uint64_t next_msn = 0;
    std::uint64_t discontinuities = 0;
};

class Segmenter {
public:
    using Resume = ResumePoint;
    explicit Segmenter(HlsSettings settings, Resume resume = {});
    Resume resume_point() const { return {next_msn_, discontinuities_}; }

    const HlsSettings& settings() const { return settings_; }
    // A format is current: frames may come, so the playlist says what to ask for next.
    bool live() const { return format_ != nullptr; }

    void on_format(std::shared_ptr<const stream::StreamFormat> format);
    void on_offline();  // closes the open segment: nothing follows until a new format
    // Returns true when the next frame should be a keyframe (a segment boundary is near).
    bool on_frame(const stream::Frame& frame);

    // The window: complete segments, then the open one if any. Oldest first.
    const std::deque<Segment>& segments() const { return segments_; }
    bool has_complete_segment() const;
    // The newest complete part, if any.
    std::optional<Position> last_complete_part() const;
    // The part a client should ask for next (the open one, or the first of the next segment).
    Position next_part() const;
    std::uint64_t next_msn() const { return next_msn_; }

    const Segment* segment(std::uint64_t msn) const;
    const Part* part(Position position) const;
    // The init segment of a format still referenced by the window.
    media::SharedBytes init_segment(std::uint64_t generation) const;
    // The longest segment so far, in whole seconds (for EXT-X-TARGETDURATION, which may never
    // be below a segment's rounded duration).
    int target_duration_seconds() const;

private:
    Segment* open_segment();
    void start_segment(const stream::Frame& frame);
    void close_part(Segment& segment, std::int64_t end_pts);
    void close_segment(std::int64_t end_pts);
    void trim();

    HlsSettings settings_;
    std::int64_t segment_ticks_;
    std::int64_t part_ticks_;
    std::shared_ptr<const stream::StreamFormat> format_;
    bool pending_discontinuity_ = false;
    std::uint64_t discontinuities_ = 0;
    std::uint64_t next_msn_ = 0;
    std::deque<Segment> segments_;
    std::optional<std::int64_t> last_pts_;
    std::int64_t last_interval_ = 0;
    std::int64_t smoothed_interval_ = 0;
    bool keyframe_requested_ = false;  // for the open segment's end
    double longest_segment_ = 0;
};

}  // namespace camstream::hls
