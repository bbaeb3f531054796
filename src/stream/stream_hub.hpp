#pragma once
// The only place that knows which cameras exist and who watches them. A camera id is created
// on first use, by a camera or by a viewer waiting for one, and kept for the server's life so
// viewers of a camera that went away keep their place and its counters keep counting.
#include <boost/asio/any_io_executor.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "stream/camera.hpp"

namespace camstream::stream {

class StreamHub {
public:
    // At most `max_cameras` ids at once: any client can name a new id. When full, a camera
    // that no connection uses is forgotten (with its counters) to make room.
    StreamHub(CameraConfig config, boost::asio::any_io_executor media_executor,
              std::size_t max_cameras = 256);

    // The camera with this id, created if new; nullptr if it is new and every id is in use.
    std::shared_ptr<Camera> camera(const std::string& id);
    std::vector<CameraSnapshot> snapshots() const;  // sorted by id

    std::size_t viewer_queue_frames() const { return config_.viewer_queue_frames; }

    // One line per connected camera: fps in/out, average JPEG size, bitrate, viewers.
    void log_stats() const;

private:
    const CameraConfig config_;
    const std::size_t max_cameras_;
    boost::asio::any_io_executor media_executor_;
    const Camera::Clock::time_point epoch_;
    mutable std::mutex mutex_;
    std::map<std::string, std::shared_ptr<Camera>> cameras_;
};

}  // namespace camstream::stream
