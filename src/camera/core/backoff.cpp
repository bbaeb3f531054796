#include "camera/core/backoff.hpp"

#include <algorithm>

namespace camstream::camera {

Backoff::Backoff(Duration initial, Duration max, double jitter, std::uint32_t seed)
    : initial_{initial < Duration::zero() ? Duration::zero() : initial},
      max_{max < initial_ ? initial_ : max},
      jitter_{std::clamp(jitter, 0.0, 1.0)},
      next_{initial_},
      random_{seed} {}

Backoff::Duration Backoff::next() {
    const Duration nominal = next_;
    next_ = next_ * 2 > max_ ? max_ : next_ * 2;
    if (jitter_ <= 0.0) return nominal;
    // A uniform draw from [0, 1] by hand: std::uniform_real_distribution's
    // output differs between standard libraries, and the tests want the same
    // numbers on every machine.
    const double unit = static_cast<double>(random_() - std::minstd_rand::min()) /
                        static_cast<double>(std::minstd_rand::max() - std::minstd_rand::min());
    const double scale = 1.0 - jitter_ * unit;
    return Duration{static_cast<Duration::rep>(static_cast<double>(nominal.count()) * scale)};
}

}  // namespace camstream::camera
