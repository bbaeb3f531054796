#pragma once

#include "camera/core/stream_config.hpp"
#include "camera/core/stream_status.hpp"

namespace camstream::camera {

// What the console may ask of the stream. StreamLoop implements it; every
// method is safe to call from the console's thread while the loop runs on its
// own. Both return at once: the loop acts on them at its next step.
class StreamControl {
public:
    virtual ~StreamControl() = default;

    // Streams to config.url. Already streaming there: only the pacing and
    // tuning change. Streaming elsewhere: the connection is dropped and the
    // new target connected at once (backoff starts over).
    virtual void start(const StreamConfig& config) = 0;
    // Drops the connection and stays idle until the next start().
    virtual void stop() = 0;
    virtual StreamStatus status() const = 0;
};

}  // namespace camstream::camera
