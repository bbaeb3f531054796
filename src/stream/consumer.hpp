#pragma once
// A consumer's end of a camera stream: what it wants, and a queue of events bounded in frames
// and bytes. The camera pushes from its media strand; the consumer pops on its own thread;
// `wakeup` is how an idle consumer learns that something arrived (it decides where to run).
//
// When the consumer falls behind and the queue would overflow, the queued frames are dropped:
// an H.264 consumer then skips ahead to the next keyframe (it could not decode what follows a
// gap), a JPEG-only consumer simply goes on with the newest JPEG. Online/offline and format
// events are never dropped while they matter; a newer one replaces a queued older one.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "stream/stream_event.hpp"

namespace camstream::stream {

class EventQueue;

struct ConsumerOptions {
    std::string kind = "websocket";  // names the consumer in metrics: websocket, hls, mjpeg
    bool wants_jpeg = false;
    bool wants_h264 = true;
    std::size_t max_frames = 30;
    std::size_t max_bytes = 8 * 1024 * 1024;
};

class Consumer {
public:
    Consumer(ConsumerOptions options, std::function<void()> wakeup);
    ~Consumer();
    Consumer(const Consumer&) = delete;
    Consumer& operator=(const Consumer&) = delete;

    const ConsumerOptions& options() const { return options_; }

    std::optional<StreamEvent> pop();
    // The consumer is going away: queued events are released, later ones dropped.
    void cancel();

    // The camera's side.
    struct PushResult {
        bool wants_keyframe = false;  // skipping until a keyframe: ask the encoder for one
        bool overflowed = false;      // this push made the consumer skip
    };
    PushResult push(StreamEvent event);

private:
    const ConsumerOptions options_;
    std::mutex mutex_;
    std::unique_ptr<EventQueue> queue_;
    std::function<void()> wakeup_;
    bool cancelled_ = false;
};

}  // namespace camstream::stream
