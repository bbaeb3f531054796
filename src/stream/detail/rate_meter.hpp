#pragma once
// Events per second and bytes per second over a sliding window, for fps and bitrate figures
// that follow what a camera does now rather than since it connected.
//
// Events are summed into fixed time slots (a 32nd of the window), so the memory is bounded
// whatever the event rate: a camera flooding tiny messages costs 33 slots, not an entry per
// message. The window therefore slides in slot steps.
#include <chrono>
#include <cstdint>
#include <deque>

namespace camstream::stream {

class RateMeter {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr int kSlotsPerWindow = 32;

    explicit RateMeter(Clock::duration window = std::chrono::seconds(3));

    void record(Clock::time_point now, std::uint64_t bytes);
    double events_per_second(Clock::time_point now) const;
    double bytes_per_second(Clock::time_point now) const;
    std::uint64_t average_bytes() const;  // over the events in the window

    std::size_t slots_in_use() const { return slots_.size(); }  // at most kSlotsPerWindow + 1

private:
    void trim(Clock::time_point now) const;

    struct Slot {
        std::int64_t index;  // time since the clock's epoch, in slot lengths
        std::uint64_t events = 0;
        std::uint64_t bytes = 0;
        Clock::time_point first_at;  // the slot's first event, and its size: n events span
        std::uint64_t first_bytes = 0;  // n-1 intervals, so the first one's bytes are not a rate
        Clock::time_point last_at;
    };

    Clock::duration window_;
    Clock::duration slot_length_;
    mutable std::deque<Slot> slots_;
    mutable std::uint64_t window_events_ = 0;
    mutable std::uint64_t window_bytes_ = 0;
};

}  // namespace camstream::stream
