#pragma once
// What the process benchmarks measure of a child process and how they summarise it.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace camstream::bench {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

inline double ms_between(std::chrono::steady_clock::time_point a,
                         std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

// The median of the figures that are not NaN; NaN if none is.
inline double median(std::vector<double> v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
    if (v.empty()) return kNaN;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// user+system CPU of a live process (all its threads), from /proc/<pid>/stat, in ms.
// Resolution: one clock tick (10 ms at USER_HZ 100).
inline double process_cpu_ms(pid_t pid) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    const auto paren = text.rfind(')');
    if (paren == std::string::npos) return kNaN;
    std::istringstream fields(text.substr(paren + 2));
    std::vector<std::string> v;
    for (std::string s; fields >> s && v.size() < 13;) v.push_back(s);
    if (v.size() < 13) return kNaN;
    // After "(comm) ": state is field 3, utime field 14, stime field 15.
    const double ticks = std::stod(v[11]) + std::stod(v[12]);
    return ticks * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Waits until a process stops using CPU (start-up or handshakes done), so that is not billed
// to the stream. At most 3 s. Returns its CPU ms then.
inline double wait_until_idle(pid_t pid) {
    double last = process_cpu_ms(pid);
    int stable = 0;
    for (int i = 0; i < 60 && stable < 2; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const double now = process_cpu_ms(pid);
        stable = now == last ? stable + 1 : 0;
        last = now;
    }
    return last;
}

}  // namespace camstream::bench
