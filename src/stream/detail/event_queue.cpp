#include "stream/detail/event_queue.hpp"

#include <algorithm>
#include <utility>

namespace camstream::stream {

namespace {
bool is_frame(const StreamEvent& e) {
    return e.kind == StreamEvent::Kind::frame;
}
bool is_status(const StreamEvent& e) {
    return e.kind == StreamEvent::Kind::online || e.kind == StreamEvent::Kind::offline;
}
}  // namespace

EventQueue::EventQueue(const ConsumerOptions& options)
    : wants_jpeg_(options.wants_jpeg),
      wants_h264_(options.wants_h264),
      max_frames_(std::max<std::size_t>(options.max_frames, 1)),
      max_bytes_(options.max_bytes) {}

std::size_t EventQueue::cost(const Frame& frame) const {
    std::size_t bytes = 0;
    if (wants_jpeg_ && frame.jpeg) bytes += frame.jpeg->size();
    if (wants_h264_ && frame.fragment) bytes += frame.fragment->size();
    return bytes;
}

EventQueue::PushResult EventQueue::push(StreamEvent event) {
    PushResult result;
    result.was_empty = events_.empty();
    switch (event.kind) {
        case StreamEvent::Kind::frame: {
            const Frame& frame = *event.frame;
            if (wants_h264_ && !frame.fragment) return result;  // not encoded: nothing for us
            if (!wants_h264_ && !frame.jpeg) return result;
            const std::size_t bytes = cost(frame);
            // A frame bigger than the whole budget still goes through an empty queue.
            if (frames_ >= max_frames_ || (frames_ > 0 && bytes_ + bytes > max_bytes_)) {
                drop_queued_frames();
                ++skips_;
                result.overflowed = true;
                if (wants_h264_) waiting_for_keyframe_ = true;
            }
            if (wants_h264_ && waiting_for_keyframe_ && !frame.keyframe) {
                ++frames_skipped_;
                result.wants_keyframe = true;
                return result;
            }
            waiting_for_keyframe_ = false;
            ++frames_;
            bytes_ += bytes;
            break;
        }
        case StreamEvent::Kind::online:
        case StreamEvent::Kind::offline:
            drop_queued_status();
            break;
        case StreamEvent::Kind::format:
            drop_queued_format();
            if (wants_h264_) {
                // A new format belongs to a new encoder, whose first frame is a keyframe;
                // frames of the old encoder still queued would decode against the wrong one.
                drop_queued_frames();
                waiting_for_keyframe_ = true;
            }
            break;
    }
    events_.push_back(std::move(event));
    return result;
}

std::optional<StreamEvent> EventQueue::pop() {
    if (events_.empty()) return std::nullopt;
    StreamEvent event = std::move(events_.front());
    events_.pop_front();
    if (is_frame(event)) {
        --frames_;
        bytes_ -= cost(*event.frame);
    }
    return event;
}

void EventQueue::drop_queued_frames() {
    frames_skipped_ += frames_;
    std::erase_if(events_, is_frame);
    frames_ = 0;
    bytes_ = 0;
}

void EventQueue::drop_queued_status() {
    std::erase_if(events_, is_status);
}

void EventQueue::drop_queued_format() {
    std::erase_if(events_,
                  [](const StreamEvent& e) { return e.kind == StreamEvent::Kind::format; });
}

}  // namespace camstream::stream
