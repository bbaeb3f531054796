#include "stream/detail/hub_observers.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <vector>

namespace camstream::stream {

std::uint64_t HubObservers::add(Observer observer) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_id_++;
    entries_.emplace(id, std::make_shared<Entry>(Entry{std::move(observer), true}));
    return id;
}

void HubObservers::remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(id);
    if (it == entries_.end()) return;
    it->second->active = false;  // a notify in progress on this thread skips it from now on
    entries_.erase(it);
}

void HubObservers::notify(const HubEvent& event) {
    notify(event, hold());
}

void HubObservers::notify(const HubEvent& event, const std::unique_lock<std::recursive_mutex>&) {
    // A copy: an observer may add or remove observers (itself included) from its callback.
    std::vector<std::shared_ptr<Entry>> entries;
    entries.reserve(entries_.size());
    for (const auto& [id, entry] : entries_) entries.push_back(entry);
    for (const auto& entry : entries) {
        if (!entry->active) continue;
        try {
            entry->observer(event);
        } catch (const std::exception& e) {
            // One observer's failure must not cost the camera's strand or the other observers.
            spdlog::error("hub observer failed on camera {}: {}", event.camera.id, e.what());
        }
    }
}

}  // namespace camstream::stream
