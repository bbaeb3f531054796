#include "stream/consumer.hpp"

#include <utility>

#include "stream/detail/event_queue.hpp"

namespace camstream::stream {

Consumer::Consumer(ConsumerOptions options, std::function<void()> wakeup)
    : options_(std::move(options)),
      queue_(std::make_unique<EventQueue>(options_)),
      wakeup_(std::move(wakeup)) {}

Consumer::~Consumer() = default;

Consumer::PushResult Consumer::push(StreamEvent event) {
    EventQueue::PushResult result;
    {
        std::lock_guard lock(mutex_);
        if (cancelled_) return {};
        result = queue_->push(std::move(event));
    }
    // Woken outside the lock: the consumer pops under the same lock.
    if (result.was_empty && wakeup_) wakeup_();
    return {result.wants_keyframe, result.overflowed};
}

std::optional<StreamEvent> Consumer::pop() {
    std::lock_guard lock(mutex_);
    return queue_->pop();
}

void Consumer::cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    while (queue_->pop()) {
    }
}

}  // namespace camstream::stream
