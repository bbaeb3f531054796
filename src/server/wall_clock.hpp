#pragma once
// The server's wall clock as browsers count time (Date.now()): milliseconds since the Unix
// epoch, with the fraction kept so a page can compare it with performance.now().
#include <chrono>

namespace camstream::server {

inline double wall_clock_ms() {
    return std::chrono::duration<double, std::milli>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace camstream::server
