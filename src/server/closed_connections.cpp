#include "server/closed_connections.hpp"

namespace camstream::server {

ClosedConnections::ClosedConnections(
    const std::vector<std::pair<std::string, std::string>>& known) {
    for (const auto& key : known) counts_.emplace(key, 0);
}

void ClosedConnections::count(const std::string& kind, const std::string& reason) {
    std::lock_guard lock(mutex_);
    ++counts_[{kind, reason}];
}

std::vector<ClosedConnections::Count> ClosedConnections::counts() const {
    std::lock_guard lock(mutex_);
    std::vector<Count> result;
    result.reserve(counts_.size());
    for (const auto& [key, n] : counts_) result.push_back({key.first, key.second, n});
    return result;
}

}  // namespace camstream::server
