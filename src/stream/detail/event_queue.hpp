#pragma once
// The whole slow-consumer policy, for one consumer: at most `max_frames` frames and
// `max_bytes` bytes of frames queued. A frame that would overflow either drops every queued
// frame: an H.264 consumer then waits for the next keyframe, a JPEG-only one keeps the new
// frame. So a slow reader costs bounded memory and never holds the camera or other consumers
// back. Online/offline and format events are kept while they matter (a consumer that missed
// a format could not decode what follows); a newer one replaces a queued older one, so a
// camera that flaps cannot grow the queue of a consumer that does not read.
// Not thread-safe: Consumer adds the lock.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

#include "stream/consumer.hpp"
#include "stream/stream_event.hpp"

namespace camstream::stream {

class EventQueue {
public:
    explicit EventQueue(const ConsumerOptions& options);

    struct PushResult {
        bool was_empty = false;       // the consumer may be idle: wake it
        bool wants_keyframe = false;  // waiting for a keyframe: ask the encoder
        bool overflowed = false;      // this push made the consumer skip ahead
    };
    PushResult push(StreamEvent event);
    std::optional<StreamEvent> pop();

    bool waiting_for_keyframe() const { return waiting_for_keyframe_; }
    std::size_t size() const { return events_.size(); }
    std::size_t queued_bytes() const { return bytes_; }
    std::uint64_t skips() const { return skips_; }                    // overflows
    std::uint64_t frames_skipped() const { return frames_skipped_; }  // frames not delivered

private:
    std::size_t cost(const Frame& frame) const;
    void drop_queued_frames();
    void drop_queued_status();
    void drop_queued_format();

    const bool wants_jpeg_;
    const bool wants_h264_;
    const std::size_t max_frames_;
    const std::size_t max_bytes_;
    std::deque<StreamEvent> events_;
    std::size_t frames_ = 0;
    std::size_t bytes_ = 0;
    bool waiting_for_keyframe_ = true;  // an H.264 consumer starts at a keyframe
    std::uint64_t skips_ = 0;
    std::uint64_t frames_skipped_ = 0;
};

}  // namespace camstream::stream
