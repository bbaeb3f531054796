#pragma once
// The hub's observers and the one lock that puts their events in order. Cameras report from
// their strands and the hub from whichever thread created or forgot an id; every event goes
// out under this lock, so each observer sees the events of one id in the order they happened.
//
// The lock is recursive so an observer may subscribe or unsubscribe from its callback. It must
// not call into the hub itself (the hub may be waiting for this lock while holding its own):
// observers are expected to note the event and post work to their own executor.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "stream/camera_presence.hpp"

namespace camstream::stream {

class HubObservers {
public:
    using Observer = std::function<void(const HubEvent&)>;

    std::uint64_t add(Observer observer);
    // After this returns the observer is not running and will not be called again.
    void remove(std::uint64_t id);

    void notify(const HubEvent& event);
    // For a change made under another lock: take this lock before releasing that one, then
    // notify with it held, so the event cannot be overtaken by a later change's event.
    std::unique_lock<std::recursive_mutex> hold() { return std::unique_lock(mutex_); }
    void notify(const HubEvent& event, const std::unique_lock<std::recursive_mutex>& held);

private:
    struct Entry {
        Observer observer;
        bool active = true;  // guarded by mutex_
    };
    std::recursive_mutex mutex_;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, std::shared_ptr<Entry>> entries_;
};

}  // namespace camstream::stream
