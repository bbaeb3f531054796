#pragma once
// The only place that knows which cameras exist. A camera id is created on first use, by a
// camera or by a viewer waiting for one, and kept so viewers of a camera that went away keep
// their place and its counters keep counting.
#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "stream/camera_presence.hpp"
#include "stream/camera_stream.hpp"
#include "stream/hub_subscription.hpp"
#include "stream/stream_config.hpp"

namespace camstream::stream {

class StreamHub {
public:
    // At most `max_cameras` ids at once: any client can name a new id. When full, a camera
    // that no connection uses is forgotten (with its counters) to make room. Transcoding runs
    // on `media_executor`, one strand per camera.
    StreamHub(StreamConfig config, boost::asio::any_io_executor media_executor,
              std::size_t max_cameras = 256);
    ~StreamHub();

    // The camera with this id, created if new; nullptr if it is new and every id is in use.
    std::shared_ptr<CameraStream> camera(const std::string& id);
    // The camera with this id if it exists; never creates one.
    std::shared_ptr<CameraStream> find(const std::string& id) const;
    std::vector<CameraSnapshot> snapshots() const;  // sorted by id

    // Calls `observer` for every change from now on: an id created (offline, size 0), a
    // camera connecting or leaving, its picture size becoming known or changing, an id
    // forgotten. Subscribe first, then read snapshots(): what the snapshot missed comes as an
    // event, and a snapshot newer than an event is followed by that newer state's own event.
    //
    // The observer runs on the thread that made the change (a camera's media strand, a
    // network thread), one event at a time and in order per id. It must be quick and must not
    // call into the hub: note the event and post work to your own executor.
    using Observer = std::function<void(const HubEvent&)>;
    [[nodiscard]] HubSubscription subscribe(Observer observer);

    // One line per connected camera: fps in/out, average JPEG size, bitrate, consumers.
    void log_stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace camstream::stream
