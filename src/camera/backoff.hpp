#pragma once

#include <chrono>

namespace camstream::camera {

// Reconnect delays that double from `initial` up to `max`: quick to come back
// after a server restart, yet a camera left alone with no server asks only
// once every `max` instead of flooding the network (and the log).
class Backoff {
public:
    using Duration = std::chrono::milliseconds;

    Backoff(Duration initial, Duration max) : initial_{initial}, max_{max < initial ? initial : max}, next_{initial} {}

    // The delay to wait now; the following call returns twice as much (capped).
    Duration next() {
        const Duration d = next_;
        next_ = next_ * 2 > max_ ? max_ : next_ * 2;
        return d;
    }
    Duration peek() const { return next_; }
    void reset() { next_ = initial_; }

private:
    Duration initial_;
    Duration max_;
    Duration next_;
};

}  // namespace camstream::camera
