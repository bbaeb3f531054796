#include "stream/stream_hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace camstream::stream {

StreamHub::StreamHub(CameraConfig config, boost::asio::any_io_executor media_executor,
                     std::size_t max_cameras)
    : config_(std::move(config)),
      max_cameras_(max_cameras),
      media_executor_(std::move(media_executor)),
      epoch_(Camera::Clock::now()) {}

std::shared_ptr<Camera> StreamHub::camera(const std::string& id) {
    std::lock_guard lock(mutex_);
    if (auto it = cameras_.find(id); it != cameras_.end()) return it->second;
    if (cameras_.size() >= max_cameras_) {
        // Make room by forgetting a camera nobody uses: no connection holds it and no task is
        // pending for it (the hub's is the only reference). Otherwise anyone could use up
        // every id with upgrade requests and lock real cameras out until a restart.
        const auto idle = std::find_if(cameras_.begin(), cameras_.end(), [](const auto& entry) {
            return entry.second.use_count() == 1;
        });
        if (idle == cameras_.end()) return nullptr;
        cameras_.erase(idle);
    }
    auto camera = std::make_shared<Camera>(id, config_, media_executor_, epoch_);
    cameras_.emplace(id, camera);
    return camera;
}

std::vector<CameraSnapshot> StreamHub::snapshots() const {
    std::vector<std::shared_ptr<Camera>> cameras;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, camera] : cameras_) cameras.push_back(camera);
    }
    std::vector<CameraSnapshot> result;
    result.reserve(cameras.size());
    for (const auto& camera : cameras) result.push_back(camera->snapshot());
    return result;
}

void StreamHub::log_stats() const {
    for (const CameraSnapshot& s : snapshots()) {
        if (!s.connected) continue;
        spdlog::info(
            "camera {}: {:.1f} fps in, {:.1f} fps out, avg JPEG {:.1f} KiB, {:.0f} kbps, "
            "{} viewer(s), {} dropped, {} refused",
            s.id, s.fps_in, s.fps_out, s.avg_jpeg_bytes / 1024.0, s.bitrate_kbps, s.viewers,
            s.frames_dropped, s.frames_rejected);
    }
}

}  // namespace camstream::stream
