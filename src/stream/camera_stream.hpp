#pragma once
// One camera id in the hub, as its publisher (the camera connection) and its consumers see it.
// Thread-safe: every call may come from any thread; the work happens on the camera's strand.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "media/shared_bytes.hpp"
#include "stream/camera_snapshot.hpp"
#include "stream/consumer.hpp"

namespace camstream::stream {

class CameraStream {
public:
    using Clock = std::chrono::steady_clock;
    virtual ~CameraStream() = default;

    virtual const std::string& id() const = 0;

    // What the stream asks of its camera connection. Both are called on the camera's strand:
    // post to your own executor.
    using Replaced = std::function<void()>;
    // The frame rate worth sending now (fewer when nobody consumes); `now`: a consumer just
    // joined, a frame at once would be welcome.
    using Pace = std::function<void(double fps, bool now)>;

    // A camera connection starts sending for this id. If another is still attached, that
    // one's `replaced` is called and its frames are ignored from then on. `pace` is called
    // at once and whenever the rate worth sending changes. Returns a token for the calls below.
    virtual std::uint64_t attach_source(Replaced replaced, Pace pace = {}) = 0;
    virtual void detach_source(std::uint64_t source) = 0;
    // One complete JPEG as received, with the time it was read.
    virtual void submit_jpeg(std::uint64_t source, media::SharedBytes jpeg,
                             Clock::time_point arrival) = 0;
    // Refused before decoding (a text message, an oversized one): counted and logged.
    virtual void reject(std::string reason, std::string detail) = 0;

    // A consumer starts receiving events: offline if no camera is connected, else the current
    // format (H.264 consumers) and, for JPEG consumers, the latest JPEG; then what comes.
    // The first H.264 consumer of a camera whose encoder is not running gets the latest JPEG
    // encoded at once as its first keyframe.
    virtual void add_consumer(std::shared_ptr<Consumer> consumer) = 0;
    virtual void remove_consumer(std::shared_ptr<Consumer> consumer) = 0;
    // Asks for a keyframe soon (at most one forced keyframe per half second per camera).
    virtual void request_keyframe() = 0;

    // The last good JPEG of the connected camera; null while none is connected.
    virtual media::SharedBytes latest_jpeg() const = 0;
    virtual bool connected() const = 0;
    virtual CameraSnapshot snapshot() const = 0;
};

}  // namespace camstream::stream
