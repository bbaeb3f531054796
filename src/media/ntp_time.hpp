#pragma once
// Wall-clock time as a 64-bit NTP timestamp: seconds since 1900-01-01 UTC in the high 32 bits,
// the fraction of a second in the low 32 (what ISO-BMFF's prft box carries).
#include <chrono>
#include <cstdint>

namespace camstream::media {

inline std::uint64_t to_ntp(std::chrono::system_clock::time_point time) {
    // 70 years, 17 of them leap years, from the NTP era's start to the Unix epoch.
    constexpr std::int64_t kUnixToNtpSeconds = 2'208'988'800;
    const std::int64_t ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
    std::int64_t seconds = ns / 1'000'000'000;
    std::int64_t rest = ns % 1'000'000'000;
    if (rest < 0) {  // before 1970: round toward the past, keep the fraction positive
        --seconds;
        rest += 1'000'000'000;
    }
    // rest < 2^30, so rest << 32 fits in 64 bits.
    const std::uint64_t fraction = (static_cast<std::uint64_t>(rest) << 32) / 1'000'000'000;
    return (static_cast<std::uint64_t>(seconds + kUnixToNtpSeconds) << 32) | fraction;
}

}  // namespace camstream::media
