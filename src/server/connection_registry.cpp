#include "server/connection_registry.hpp"

#include <vector>

namespace camstream::server {

std::uint64_t ConnectionRegistry::add(std::weak_ptr<ClosableSession> session) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_id_++;
    sessions_.emplace(id, std::move(session));
    return id;
}

void ConnectionRegistry::remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    sessions_.erase(id);
}

void ConnectionRegistry::close_all() {
    std::vector<std::shared_ptr<ClosableSession>> live;
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, weak] : sessions_) {
            if (auto session = weak.lock()) live.push_back(std::move(session));
        }
    }
    for (auto& session : live) session->close_for_shutdown();
}

std::size_t ConnectionRegistry::size() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

}  // namespace camstream::server
