#pragma once
// The link between one camera and one viewer. The camera pushes from its media strand; the
// viewer pops from its network strand; `wakeup` is how the camera tells an idle viewer that
// something arrived (the viewer decides on which executor to run).
#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "stream/fragment_queue.hpp"

namespace camstream::stream {

class Subscription {
public:
    Subscription(std::string camera_id, std::size_t max_fragments, std::function<void()> wakeup);

    const std::string& camera_id() const { return camera_id_; }

    // Queues the message and wakes the viewer if it was idle. After cancel() nothing is queued.
    FragmentQueue::PushResult push(StreamMessage message);
    std::optional<StreamMessage> pop();

    std::uint64_t skips() const;

    // The viewer is going away: further pushes are dropped and wake no one.
    void cancel();

private:
    const std::string camera_id_;
    mutable std::mutex mutex_;
    FragmentQueue queue_;
    std::function<void()> wakeup_;
    bool cancelled_ = false;
};

}  // namespace camstream::stream
