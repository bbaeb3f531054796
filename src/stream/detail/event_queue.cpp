#include "stream/fragment_queue.hpp"

#include <algorithm>
#include <utility>

namespace camstream::stream {

FragmentQueue::FragmentQueue(std::size_t max_fragments)
    : max_fragments_(std::max<std::size_t>(max_fragments, 1)) {}

FragmentQueue::PushResult FragmentQueue::push(StreamMessage message) {
    PushResult result;
    result.was_empty = messages_.empty();
    if (message.kind == StreamMessage::Kind::fragment) {
        if (fragments_ >= max_fragments_) {
            drop_queued_fragments();
            ++skips_;
            waiting_for_keyframe_ = true;
            result.overflowed = true;
        }
        if (waiting_for_keyframe_ && !message.keyframe) {
            ++frames_skipped_;
            result.wants_keyframe = true;
            return result;
        }
        waiting_for_keyframe_ = false;
        ++fragments_;
    } else if (message.kind == StreamMessage::Kind::status) {
        drop_queued(StreamMessage::Kind::status);
    } else if (message.kind == StreamMessage::Kind::init_info) {
        drop_queued(StreamMessage::Kind::init_info);
        drop_queued(StreamMessage::Kind::init_segment);
    } else if (message.kind == StreamMessage::Kind::init_segment) {
        // A new init belongs to a new encoder, whose first frame is a keyframe; frames of the
        // old encoder still queued would decode against the wrong parameters.
        drop_queued_fragments();
        waiting_for_keyframe_ = true;
    }
    messages_.push_back(std::move(message));
    return result;
}

std::optional<StreamMessage> FragmentQueue::pop() {
    if (messages_.empty()) return std::nullopt;
    StreamMessage message = std::move(messages_.front());
    messages_.pop_front();
    if (message.kind == StreamMessage::Kind::fragment) --fragments_;
    return message;
}

void FragmentQueue::drop_queued(StreamMessage::Kind kind) {
    std::erase_if(messages_, [kind](const StreamMessage& m) { return m.kind == kind; });
}

void FragmentQueue::drop_queued_fragments() {
    auto is_fragment = [](const StreamMessage& m) {
        return m.kind == StreamMessage::Kind::fragment;
    };
    frames_skipped_ += fragments_;
    std::erase_if(messages_, is_fragment);
    fragments_ = 0;
}

}  // namespace camstream::stream
