#include "stream/detail/rate_meter.hpp"

#include <algorithm>

namespace camstream::stream {

RateMeter::RateMeter(Clock::duration window)
    : window_(window), slot_length_(std::max(Clock::duration(1), window / kSlotsPerWindow)) {}

void RateMeter::record(Clock::time_point now, std::uint64_t bytes) {
    const std::int64_t index = now.time_since_epoch() / slot_length_;
    // Time never goes back on a steady clock; an event stamped before the newest slot (taken
    // a moment earlier on another thread) is counted in the newest one.
    if (slots_.empty() || index > slots_.back().index) {
        slots_.push_back({index, 0, 0, now, bytes, now});
    }
    Slot& slot = slots_.back();
    ++slot.events;
    slot.bytes += bytes;
    slot.last_at = std::max(slot.last_at, now);
    ++window_events_;
    window_bytes_ += bytes;
    trim(now);
}

void RateMeter::trim(Clock::time_point now) const {
    while (!slots_.empty() && now - slots_.front().last_at > window_) {
        window_events_ -= slots_.front().events;
        window_bytes_ -= slots_.front().bytes;
        slots_.pop_front();
    }
}

double RateMeter::events_per_second(Clock::time_point now) const {
    trim(now);
    // n events span n-1 intervals; with fewer than two there is no rate yet.
    if (window_events_ < 2) return 0.0;
    const double span =
        std::chrono::duration<double>(slots_.back().last_at - slots_.front().first_at).count();
    return span > 0 ? static_cast<double>(window_events_ - 1) / span : 0.0;
}

double RateMeter::bytes_per_second(Clock::time_point now) const {
    trim(now);
    if (window_events_ < 2) return 0.0;
    const double span =
        std::chrono::duration<double>(slots_.back().last_at - slots_.front().first_at).count();
    return span > 0 ? static_cast<double>(window_bytes_ - slots_.front().first_bytes) / span
                    : 0.0;
}

std::uint64_t RateMeter::average_bytes() const {
    return window_events_ == 0 ? 0 : window_bytes_ / window_events_;
}

}  // namespace camstream::stream
