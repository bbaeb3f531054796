#pragma once
// Logs each kind of refused input once per camera per reason per minute, with how many were
// refused in between: a camera sending garbage at 30 fps must not flood the log, but the
// first occurrence and its reason must be there. Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace camstream::stream {

class RejectLog {
public:
    using Clock = std::chrono::steady_clock;

    explicit RejectLog(std::string camera_id, Clock::duration period = std::chrono::minutes(1));

    void reject(Clock::time_point now, const std::string& reason, const std::string& detail);

private:
    struct Entry {
        Clock::time_point last_logged;
        std::uint64_t suppressed = 0;
    };
    std::string camera_id_;
    Clock::duration period_;
    std::mutex mutex_;
    std::map<std::string, Entry> entries_;
};

}  // namespace camstream::stream
