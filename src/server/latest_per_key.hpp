#pragma once
// A queue that keeps only the newest message per key, in the order keys first became
// pending. Thread-safe: the hub's threads put, a session's strand takes. Its size is bounded
// by the number of keys, so a client that reads slowly costs one message per camera at most,
// and since each message carries a camera's whole state, dropping the older ones loses nothing.
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace camstream::server {

class LatestPerKey {
public:
    // Returns true if the queue was empty: the taker may be idle and needs waking.
    bool put(const std::string& key, std::string message) {
        std::lock_guard lock(mutex_);
        const bool was_empty = order_.empty();
        auto [it, inserted] = pending_.insert_or_assign(key, std::move(message));
        if (inserted) order_.push_back(key);
        return was_empty;
    }

    std::optional<std::string> take() {
        std::lock_guard lock(mutex_);
        if (order_.empty()) return std::nullopt;
        const auto it = pending_.find(order_.front());
        order_.pop_front();
        std::string message = std::move(it->second);
        pending_.erase(it);
        return message;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::string> pending_;
    std::deque<std::string> order_;
};

}  // namespace camstream::server
