#include "stream/detail/media_budget.hpp"

#include <time.h>

#include <algorithm>

namespace camstream::stream {

MediaShare::MediaShare(std::size_t threads, Duration fixed_per_second)
    : threads_(std::max<std::size_t>(threads, 1)), fixed_(fixed_per_second) {}

void MediaShare::camera_connected() {
    ++connected_;
}

void MediaShare::camera_disconnected() {
    --connected_;
}

MediaShare::Duration MediaShare::per_camera_per_second() const {
    if (fixed_.count() > 0) return fixed_;
    const std::size_t cameras = std::max<std::size_t>(connected_.load(), 1);
    return Duration(std::chrono::seconds(1)) * static_cast<long>(threads_) /
           static_cast<long>(cameras);
}

bool MediaBudget::allows(Clock::time_point now, Duration share) {
    // A camera starts with a full second's share: a burst after connecting is fine.
    if (!refilled_) credit_ = share;
    if (refilled_ && now > *refilled_) {
        const auto elapsed = std::chrono::duration_cast<Duration>(now - *refilled_);
        // share per second × elapsed; in double, as the product overflows 64-bit nanoseconds.
        const auto gap = std::min<Duration>(elapsed, std::chrono::seconds(1));
        credit_ += Duration(static_cast<Duration::rep>(static_cast<double>(share.count()) *
                                                       static_cast<double>(gap.count()) / 1e9));
    }
    refilled_ = now;
    credit_ = std::min(credit_, share);
    return credit_.count() > 0;
}

MediaBudget::Duration MediaBudget::thread_time() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

}  // namespace camstream::stream
