#pragma once
// The only place that knows which cameras exist. A camera id is created on first use, by a
// camera or by a viewer waiting for one, and kept so viewers of a camera that went away keep
// their place and its counters keep counting.
#include <boost/asio/any_io_executor.hpp>
#include <memory>
#include <string>
#include <vector>

#include "stream/camera_stream.hpp"
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

    // One line per connected camera: fps in/out, average JPEG size, bitrate, consumers.
    void log_stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace camstream::stream
