#include "stream/detail/reject_log.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace camstream::stream {

RejectLog::RejectLog(std::string camera_id, Clock::duration period)
    : camera_id_(std::move(camera_id)), period_(period) {}

void RejectLog::reject(Clock::time_point now, const std::string& reason,
                       const std::string& detail) {
    std::lock_guard lock(mutex_);
    auto [it, first] = entries_.try_emplace(reason);
    Entry& entry = it->second;
    if (!first && now - entry.last_logged < period_) {
        ++entry.suppressed;
        return;
    }
    if (entry.suppressed > 0) {
        spdlog::warn("camera {}: frame refused ({}): {} [{} more since the last report]",
                     camera_id_, reason, detail, entry.suppressed);
    } else {
        spdlog::warn("camera {}: frame refused ({}): {}", camera_id_, reason, detail);
    }
    entry.last_logged = now;
    entry.suppressed = 0;
}

}  // namespace camstream::stream
