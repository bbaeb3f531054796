#include "hls/segmenter.hpp"

#include <algorithm>
#include <cmath>

namespace camstream::hls {

namespace {
std::int64_t ticks(std::chrono::milliseconds d) {
    return d.count() * kTicksPerSecond / 1000;
}
}  // namespace

Segmenter::Segmenter(HlsSettings settings, Resume resume)
    : settings_(settings),
      segment_ticks_(ticks(settings.segment_target)),
      part_ticks_(ticks(settings.part_target)),
      // Resumed: what follows is not the continuation of what came before.
      pending_discontinuity_(resume.next_msn > 0),
      discontinuities_(resume.discontinuities),
      next_msn_(resume.next_msn) {}

Segment* Segmenter::open_segment() {
    if (segments_.empty() || segments_.back().complete) return nullptr;
    return &segments_.back();
}

void Segmenter::on_format(std::shared_ptr<const stream::StreamFormat> format) {
    if (Segment* open = open_segment()) {
        close_segment(last_pts_ ? *last_pts_ + last_interval_ : open->start_pts);
    }
    // The first format of this playlist needs no discontinuity; any later one does.
    if (format_ || !segments_.empty()) pending_discontinuity_ = true;
    format_ = std::move(format);
    last_pts_.reset();
    last_interval_ = 0;
    smoothed_interval_ = 0;
}

void Segmenter::on_offline() {
    if (open_segment() != nullptr) {
        close_segment(last_pts_ ? *last_pts_ + last_interval_ : segments_.back().start_pts);
    }
    format_.reset();
    last_pts_.reset();
    last_interval_ = 0;
    smoothed_interval_ = 0;
}

bool Segmenter::on_frame(const stream::Frame& frame) {
    if (!format_ || !frame.fragment) return false;
    if (last_pts_ && frame.pts > *last_pts_) {
        last_interval_ = frame.pts - *last_pts_;
        // WiFi cameras deliver frames unevenly; one late frame must not cut a part a frame
        // short, so boundaries follow the smoothed interval.
        smoothed_interval_ = smoothed_interval_ == 0
                                 ? last_interval_
                                 : smoothed_interval_ + (last_interval_ - smoothed_interval_) / 8;
    }
    // Before a second frame tells the interval, the fragment's own duration stands in (it is
    // an overestimate, which only makes the first boundary come a frame early).
    const std::int64_t interval = smoothed_interval_ > 0 ? smoothed_interval_ : frame.duration;

    Segment* segment = open_segment();
    if (segment == nullptr) {
        if (!frame.keyframe) return true;  // a segment can only start at a keyframe
        start_segment(frame);
        segment = &segments_.back();
    } else if (frame.keyframe && frame.pts - segment->start_pts >= segment_ticks_ / 2) {
        close_segment(frame.pts);
        start_segment(frame);
        segment = &segments_.back();
    } else {
        Part& part = segment->parts.back();
        // A quarter frame of slack: at an exact multiple of the interval (25 fps, 200 ms) the
        // smoothed estimate wobbling by a few ticks must not decide between 4 and 5 frames.
        if (!part.chunks.empty() &&
            frame.pts - part.start_pts + interval > part_ticks_ + interval / 4) {
            close_part(*segment, frame.pts);
            Part next;
            next.start_pts = frame.pts;
            next.independent = frame.keyframe;
            segment->parts.push_back(std::move(next));
        }
    }
    segment->parts.back().chunks.push_back(frame.fragment);
    last_pts_ = frame.pts;

    // Ask for the boundary keyframe when the next frame would reach the target (less half a
    // frame), once per segment.
    const std::int64_t next_at = frame.pts + interval - segment->start_pts;
    if (!keyframe_requested_ && next_at >= segment_ticks_ - interval / 2) {
        keyframe_requested_ = true;
        return true;
    }
    return false;
}

void Segmenter::start_segment(const stream::Frame& frame) {
    Segment segment;
    segment.msn = next_msn_++;
    segment.format = format_;
    segment.discontinuity = pending_discontinuity_;
    if (pending_discontinuity_) ++discontinuities_;
    pending_discontinuity_ = false;
    segment.discontinuity_sequence = discontinuities_;
    segment.start_wall = frame.arrival_wall;
    segment.start_pts = frame.pts;
    Part part;
    part.start_pts = frame.pts;
    part.independent = true;
    segment.parts.push_back(std::move(part));
    segments_.push_back(std::move(segment));
    keyframe_requested_ = false;
    trim();
}

void Segmenter::close_part(Segment& segment, std::int64_t end_pts) {
    Part& part = segment.parts.back();
    part.end_pts = std::max(end_pts, part.start_pts + 1);
    part.complete = true;
}

void Segmenter::close_segment(std::int64_t end_pts) {
    Segment& segment = segments_.back();
    if (segment.parts.back().chunks.empty()) segment.parts.pop_back();
    if (segment.parts.empty()) {  // nothing in it: forget it
        segments_.pop_back();
        --next_msn_;
        return;
    }
    close_part(segment, end_pts);
    segment.end_pts = segment.parts.back().end_pts;
    segment.complete = true;
    longest_segment_ = std::max(longest_segment_, segment.duration_seconds());
    trim();  // a segment closed by offline or a new format counts against the window too
}

void Segmenter::trim() {
    std::size_t complete = 0;
    for (const auto& s : segments_) complete += s.complete ? 1 : 0;
    while (complete > std::max<std::size_t>(settings_.window_segments, 1)) {
        segments_.pop_front();
        --complete;
    }
}

bool Segmenter::has_complete_segment() const {
    return std::any_of(segments_.begin(), segments_.end(),
                       [](const Segment& s) { return s.complete; });
}

std::optional<Position> Segmenter::last_complete_part() const {
    for (auto s = segments_.rbegin(); s != segments_.rend(); ++s) {
        for (std::size_t i = s->parts.size(); i-- > 0;) {
            if (s->parts[i].complete) return Position{s->msn, i};
        }
    }
    return std::nullopt;
}

Position Segmenter::next_part() const {
    if (segments_.empty()) return {next_msn_, 0};
    const Segment& last = segments_.back();
    if (last.complete) return {last.msn + 1, 0};
    return {last.msn, last.parts.size() - (last.parts.back().complete ? 0 : 1)};
}

const Segment* Segmenter::segment(std::uint64_t msn) const {
    if (segments_.empty() || msn < segments_.front().msn || msn > segments_.back().msn) {
        return nullptr;
    }
    return &segments_[msn - segments_.front().msn];
}

const Part* Segmenter::part(Position position) const {
    const Segment* s = segment(position.msn);
    if (s == nullptr || position.part >= s->parts.size()) return nullptr;
    return &s->parts[position.part];
}

media::SharedBytes Segmenter::init_segment(std::uint64_t generation) const {
    for (const auto& s : segments_) {
        if (s.format && s.format->generation == generation) return s.format->init_segment;
    }
    return nullptr;
}

int Segmenter::target_duration_seconds() const {
    const double target = static_cast<double>(settings_.segment_target.count()) / 1000.0;
    return std::max(1,
                    static_cast<int>(std::lround(std::max(std::ceil(target), longest_segment_))));
}

}  // namespace camstream::hls
