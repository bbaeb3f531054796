#pragma once
// One viewer's outgoing queue and the whole slow-viewer policy: the queue holds at most
// `max_fragments` frames; when a frame would overflow it, every queued frame is dropped and
// the viewer skips ahead to the next keyframe, so a slow reader costs memory bounded by one
// queue and never holds the camera or other viewers back. Control messages (init, status)
// are never dropped while they matter: a viewer that misses one cannot decode what follows;
// a newer one replaces a queued older one (latest status, latest init), so a camera that
// flaps cannot grow the queue of a viewer that does not read either.
// Not thread-safe: Subscription adds the lock.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

#include "stream/stream_message.hpp"

namespace camstream::stream {

class FragmentQueue {
public:
    explicit FragmentQueue(std::size_t max_fragments);

    struct PushResult {
        bool was_empty = false;       // the consumer may be idle: wake it
        bool wants_keyframe = false;  // the viewer is waiting for one: ask the encoder
        bool overflowed = false;      // this push made the viewer skip ahead
    };
    PushResult push(StreamMessage message);
    std::optional<StreamMessage> pop();

    bool waiting_for_keyframe() const { return waiting_for_keyframe_; }
    std::size_t size() const { return messages_.size(); }
    std::uint64_t skips() const { return skips_; }                    // overflows
    std::uint64_t frames_skipped() const { return frames_skipped_; }  // fragments not sent

private:
    void drop_queued_fragments();
    void drop_queued(StreamMessage::Kind kind);

    std::size_t max_fragments_;
    std::deque<StreamMessage> messages_;
    std::size_t fragments_ = 0;
    bool waiting_for_keyframe_ = true;  // a new viewer starts at a keyframe
    std::uint64_t skips_ = 0;
    std::uint64_t frames_skipped_ = 0;
};

}  // namespace camstream::stream
