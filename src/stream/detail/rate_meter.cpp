#include "stream/detail/rate_meter.hpp"

namespace camstream::stream {

void RateMeter::record(Clock::time_point now, std::uint64_t bytes) {
    events_.push_back({now, bytes});
    window_bytes_ += bytes;
    trim(now);
}

void RateMeter::trim(Clock::time_point now) const {
    while (!events_.empty() && now - events_.front().at > window_) {
        window_bytes_ -= events_.front().bytes;
        events_.pop_front();
    }
}

double RateMeter::events_per_second(Clock::time_point now) const {
    trim(now);
    // n events span n-1 intervals; with fewer than two there is no rate yet.
    if (events_.size() < 2) return 0.0;
    const double span =
        std::chrono::duration<double>(events_.back().at - events_.front().at).count();
    return span > 0 ? static_cast<double>(events_.size() - 1) / span : 0.0;
}

double RateMeter::bytes_per_second(Clock::time_point now) const {
    trim(now);
    if (events_.size() < 2) return 0.0;
    const double span =
        std::chrono::duration<double>(events_.back().at - events_.front().at).count();
    return span > 0 ? static_cast<double>(window_bytes_ - events_.front().bytes) / span : 0.0;
}

std::uint64_t RateMeter::average_bytes() const {
    return events_.empty() ? 0 : window_bytes_ / events_.size();
}

}  // namespace camstream::stream
