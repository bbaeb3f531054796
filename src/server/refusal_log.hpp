#pragma once
// Logs refused clients at most once per peer address and reason per period (a minute), with
// how many were refused in between: a client retrying in a loop, or a crowd over a limit,
// must not flood the log, but the first refusal and its reason must be there. Remembers a
// bounded number of addresses; past that, the refusals of addresses it has no room for are
// summed into one line per period. Thread-safe.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace camstream::server {

class RefusalLog {
public:
    using Clock = std::chrono::steady_clock;

    explicit RefusalLog(Clock::duration period = std::chrono::minutes(1),
                        std::size_t max_addresses = 4096);

    // `what` says who was refused and why, without the address. Returns whether a line was
    // written (for the tests).
    bool refuse(Clock::time_point now, const std::string& address, const std::string& reason,
                const std::string& what);

private:
    struct Entry {
        Clock::time_point last_logged;
        std::uint64_t suppressed = 0;
    };
    Clock::duration period_;
    std::size_t max_addresses_;
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, Entry> entries_;  // (address, reason)
    Entry others_;  // refusals of addresses there was no room to remember
    bool others_logged_ = false;
};

}  // namespace camstream::server
