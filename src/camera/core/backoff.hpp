#pragma once

#include <chrono>
#include <cstdint>
#include <random>

namespace camstream::camera {

// Reconnect delays that double from `initial` up to `max`: quick to come back
// after a server restart, yet a camera left alone with no server asks only
// once every `max` instead of flooding the network (and the log).
//
// With `jitter` j > 0 each delay is drawn from [nominal * (1 - j), nominal]:
// when the server restarts, every camera loses it at the same instant, and
// without jitter they would all knock again in lockstep. The draw never
// exceeds the nominal delay, so `max` stays a true upper bound.
class Backoff {
public:
    using Duration = std::chrono::milliseconds;

    // jitter is clamped to 0..1; the same seed gives the same delays.
    Backoff(Duration initial, Duration max, double jitter = 0.0, std::uint32_t seed = 1);

    // The delay to wait now; the nominal delay then doubles (capped).
    Duration next();
    // The nominal delay the next call to next() draws from.
    Duration peek() const { return next_; }
    void reset() { next_ = initial_; }

private:
    Duration initial_;
    Duration max_;
    double jitter_;
    Duration next_;
    std::minstd_rand random_;
};

}  // namespace camstream::camera
