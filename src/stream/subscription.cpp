#include "stream/subscription.hpp"

#include <utility>

namespace camstream::stream {

Subscription::Subscription(std::string camera_id, std::size_t max_fragments,
                           std::function<void()> wakeup)
    : camera_id_(std::move(camera_id)), queue_(max_fragments), wakeup_(std::move(wakeup)) {}

FragmentQueue::PushResult Subscription::push(StreamMessage message) {
    FragmentQueue::PushResult result;
    {
        std::lock_guard lock(mutex_);
        if (cancelled_) return result;
        result = queue_.push(std::move(message));
    }
    // Waking outside the lock: the viewer pops under the same lock.
    if (result.was_empty && wakeup_) wakeup_();
    return result;
}

std::optional<StreamMessage> Subscription::pop() {
    std::lock_guard lock(mutex_);
    return queue_.pop();
}

std::uint64_t Subscription::skips() const {
    std::lock_guard lock(mutex_);
    return queue_.skips();
}

void Subscription::cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    while (queue_.pop()) {
    }
}

}  // namespace camstream::stream
