#include "stream/stream_hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "stream/detail/camera.hpp"

namespace camstream::stream {

struct StreamHub::Impl {
    StreamConfig config;
    std::size_t max_cameras;
    boost::asio::any_io_executor media_executor;
    CameraStream::Clock::time_point epoch = CameraStream::Clock::now();
    mutable std::mutex mutex;
    std::map<std::string, std::shared_ptr<Camera>> cameras;
};

StreamHub::StreamHub(StreamConfig config, boost::asio::any_io_executor media_executor,
                     std::size_t max_cameras)
    : impl_(std::make_unique<Impl>()) {
    impl_->config = std::move(config);
    impl_->max_cameras = max_cameras;
    impl_->media_executor = std::move(media_executor);
}

StreamHub::~StreamHub() = default;

std::shared_ptr<CameraStream> StreamHub::camera(const std::string& id) {
    Impl& s = *impl_;
    std::lock_guard lock(s.mutex);
    if (auto it = s.cameras.find(id); it != s.cameras.end()) return it->second;
    if (s.cameras.size() >= s.max_cameras) {
        // Make room by forgetting a camera nobody uses: no connection holds it and no task is
        // pending for it (the hub's is the only reference). Otherwise anyone could use up
        // every id with upgrade requests and lock real cameras out until a restart.
        const auto idle = std::find_if(s.cameras.begin(), s.cameras.end(), [](const auto& entry) {
            return entry.second.use_count() == 1;
        });
        if (idle == s.cameras.end()) return nullptr;
        s.cameras.erase(idle);
    }
    auto camera = std::make_shared<Camera>(id, s.config, s.media_executor, s.epoch);
    s.cameras.emplace(id, camera);
    return camera;
}

std::shared_ptr<CameraStream> StreamHub::find(const std::string& id) const {
    std::lock_guard lock(impl_->mutex);
    const auto it = impl_->cameras.find(id);
    if (it == impl_->cameras.end()) return nullptr;
    return it->second;
}

std::vector<CameraSnapshot> StreamHub::snapshots() const {
    std::vector<std::shared_ptr<Camera>> cameras;
    {
        std::lock_guard lock(impl_->mutex);
        for (const auto& [id, camera] : impl_->cameras) cameras.push_back(camera);
    }
    std::vector<CameraSnapshot> result;
    result.reserve(cameras.size());
    for (const auto& camera : cameras) result.push_back(camera->snapshot());
    return result;
}

void StreamHub::log_stats() const {
    for (const CameraSnapshot& s : snapshots()) {
        if (!s.connected) continue;
        std::string consumers;
        for (const auto& [kind, figures] : s.consumers) {
            if (figures.connected == 0) continue;
            consumers +=
                fmt::format("{}{} {}", consumers.empty() ? "" : ", ", figures.connected, kind);
        }
        spdlog::info(
            "camera {}: {:.1f} fps in, {:.1f} fps out, avg JPEG {:.1f} KiB, {:.0f} kbps, "
            "consumers: {}, {} dropped, {} refused",
            s.id, s.fps_in, s.fps_out, s.avg_jpeg_bytes / 1024.0, s.bitrate_kbps,
            consumers.empty() ? "none" : consumers, s.frames_dropped, s.frames_rejected);
    }
}

}  // namespace camstream::stream
