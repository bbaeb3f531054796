#pragma once
// Events per second and bytes per second over a sliding window, for fps and bitrate figures
// that follow what a camera does now rather than since it connected.
#include <chrono>
#include <cstdint>
#include <deque>

namespace camstream::stream {

class RateMeter {
public:
    using Clock = std::chrono::steady_clock;

    explicit RateMeter(Clock::duration window = std::chrono::seconds(3)) : window_(window) {}

    void record(Clock::time_point now, std::uint64_t bytes);
    double events_per_second(Clock::time_point now) const;
    double bytes_per_second(Clock::time_point now) const;
    std::uint64_t average_bytes() const;  // over the events in the window

private:
    void trim(Clock::time_point now) const;

    Clock::duration window_;
    struct Event {
        Clock::time_point at;
        std::uint64_t bytes;
    };
    mutable std::deque<Event> events_;
    mutable std::uint64_t window_bytes_ = 0;
};

}  // namespace camstream::stream
