#pragma once
// What the process benchmarks measure of a child process and how they summarise it.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <cstdio>
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

// user+system CPU in a getrusage/wait4 account, in ms.
inline double cpu_ms(const rusage& u) {
    auto ms = [](const timeval& t) { return t.tv_sec * 1000.0 + t.tv_usec / 1000.0; };
    return ms(u.ru_utime) + ms(u.ru_stime);
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

// A /proc/<pid>/status field in kB ("VmRSS", "VmHWM") of a live process, as MiB. VmHWM is
// read here rather than taken from wait4's ru_maxrss: posix_spawn's child shares this
// process's memory until it execs, and ru_maxrss keeps that pre-exec peak.
inline double status_mib(pid_t pid, const std::string& field) {
    std::ifstream f("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(f, line);) {
        if (line.rfind(field + ":", 0) == 0) return std::stod(line.substr(field.size() + 1)) / 1024;
    }
    return kNaN;
}

// A figure with `decimals` decimals, `missing` where there is none (NaN).
inline std::string fmt(double v, int decimals = 2, const char* missing = "-") {
    if (std::isnan(v)) return missing;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

}  // namespace camstream::bench
