#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace camstream::camera {

// "1.5s": how the core's log lines and console print a delay or timeout.
template <typename Rep, typename Period>
std::string seconds_text(std::chrono::duration<Rep, Period> d) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1fs", std::chrono::duration<double>(d).count());
    return text;
}

}  // namespace camstream::camera
