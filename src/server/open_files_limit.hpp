#pragma once
// The process's limit on open file descriptors (RLIMIT_NOFILE) against what the connection
// cap needs: each connection is a descriptor, and the server needs some of its own. Debian's
// default soft limit (1024) is below the default cap; the hard limit is usually far above.
#include <cstdint>

namespace camstream::server {

// Descriptors the server may use: one per connection plus its own (listeners, epoll, timers,
// signals, logs, web-root reads, libraries).
std::uint64_t open_files_needed(std::uint64_t max_connections);

struct OpenFilesPlan {
    std::uint64_t soft = 0;     // the soft limit to set (unchanged if already enough)
    bool hard_too_low = false;  // the hard limit is below what is needed
};
// What to set the soft limit to, given the current soft and hard limits: `needed`, at most
// the hard limit, and never lower than it already is. `unlimited` stands for RLIM_INFINITY.
OpenFilesPlan plan_open_files(std::uint64_t needed, std::uint64_t soft, std::uint64_t hard,
                              std::uint64_t unlimited);

// Applies the plan to this process, logging what it changed, and warns (naming the flag)
// when the hard limit is too low. Never fails the start: the cap still holds, and accept
// errors past the descriptor limit are retried.
void raise_open_files_limit(std::uint64_t max_connections);

}  // namespace camstream::server
