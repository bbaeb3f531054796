#include "server/refusal_log.hpp"

#include <spdlog/spdlog.h>

namespace camstream::server {

RefusalLog::RefusalLog(Clock::duration period, std::size_t max_addresses)
    : period_(period), max_addresses_(max_addresses) {}

bool RefusalLog::refuse(Clock::time_point now, const std::string& address,
                        const std::string& reason, const std::string& what) {
    std::lock_guard lock(mutex_);
    auto key = std::make_pair(address, reason);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        if (entries_.size() >= max_addresses_) {
            // Forget whoever has been quiet for a period: their next refusal is news again.
            std::erase_if(entries_, [&](const auto& entry) {
                return now - entry.second.last_logged >= period_;
            });
        }
        if (entries_.size() >= max_addresses_) {
            if (others_logged_ && now - others_.last_logged < period_) {
                ++others_.suppressed;
                return false;
            }
            spdlog::warn(
                "refused {} more clients from addresses not listed here ({}, last from {})",
                others_.suppressed + 1, what, address);
            others_ = {now, 0};
            others_logged_ = true;
            return true;
        }
        entries_.emplace(std::move(key), Entry{now, 0});
        spdlog::warn("refused {} from {}", what, address);
        return true;
    }
    Entry& entry = it->second;
    if (now - entry.last_logged < period_) {
        ++entry.suppressed;
        return false;
    }
    if (entry.suppressed > 0) {
        spdlog::warn("refused {} from {} [{} more from there since the last report]", what, address,
                     entry.suppressed);
    } else {
        spdlog::warn("refused {} from {}", what, address);
    }
    entry = {now, 0};
    return true;
}

}  // namespace camstream::server
