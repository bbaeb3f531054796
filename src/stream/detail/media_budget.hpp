#pragma once
// How much media-thread time (JPEG decode + H.264 encode) each camera may use, so a camera
// sending frames that are expensive or too many loses its own frames, never another camera's.
//
// Every camera's frames run on its strand of a pool with a few threads. Without a budget a
// camera whose frames each take long (a large picture) keeps a thread busy all the time, and
// the other cameras' frames wait behind it until theirs are replaced by newer ones. With it, a
// camera over its share of the pool has its next frames refused ("over_media_budget") until it
// is back under, which costs nothing (the frame is not decoded).
#include <atomic>
#include <chrono>
#include <cstddef>
#include <optional>

namespace camstream::stream {

// The hub-wide share: a fixed amount per camera, or the pool divided evenly between the
// cameras connected now (recomputed as they come and go). Any thread.
class MediaShare {
public:
    using Duration = std::chrono::nanoseconds;
    // `fixed_per_second` zero: the fair share, threads × 1 s / cameras connected.
    MediaShare(std::size_t threads, Duration fixed_per_second);

    void camera_connected();
    void camera_disconnected();
    // Media-thread time one camera may use per second of wall time.
    Duration per_camera_per_second() const;

private:
    const std::size_t threads_;
    const Duration fixed_;
    std::atomic<std::size_t> connected_{0};
};

// One camera's account: a token bucket holding at most one second's share, refilled with the
// share as time passes and drawn down by the CPU time each frame took. Strand only.
class MediaBudget {
public:
    using Clock = std::chrono::steady_clock;
    using Duration = std::chrono::nanoseconds;

    // True if the camera has time left; refills first. `share` is per second of wall time.
    bool allows(Clock::time_point now, Duration share);
    void spend(Duration used) { credit_ -= used; }
    // CPU time of the calling thread so far. A frame is charged the CPU time its decode and
    // encode took, not the wall time: on a busy machine the thread may wait for a core
    // mid-frame, and that wait is no fault of the camera.
    static Duration thread_time();
    Duration credit() const { return credit_; }

private:
    std::optional<Clock::time_point> refilled_;
    Duration credit_{0};
};

}  // namespace camstream::stream
