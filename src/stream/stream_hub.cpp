#include "stream/stream_hub.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "stream/detail/camera.hpp"
#include "stream/detail/hub_observers.hpp"

namespace camstream::stream {

struct StreamHub::Impl {
    StreamConfig config;
    std::size_t max_cameras;
    boost::asio::any_io_executor media_executor;
    CameraStream::Clock::time_point epoch = CameraStream::Clock::now();
    // Cameras report to it from their strands, possibly after the hub is gone.
    std::shared_ptr<HubObservers> observers = std::make_shared<HubObservers>();
    std::shared_ptr<MediaShare> share;
    mutable std::mutex mutex;
    std::map<std::string, std::shared_ptr<Camera>> cameras;
};

StreamHub::StreamHub(StreamConfig config, boost::asio::any_io_executor media_executor,
                     std::size_t max_cameras)
    : impl_(std::make_unique<Impl>()) {
    impl_->config = std::move(config);
    impl_->max_cameras = max_cameras;
    impl_->media_executor = std::move(media_executor);
    impl_->share =
        std::make_shared<MediaShare>(impl_->config.media_threads, impl_->config.media_budget);
}

StreamHub::~StreamHub() = default;

std::shared_ptr<CameraStream> StreamHub::camera(const std::string& id) {
    Impl& s = *impl_;
    std::unique_lock lock(s.mutex);
    if (auto it = s.cameras.find(id); it != s.cameras.end()) return it->second;
    std::string forgotten;
    if (s.cameras.size() >= s.max_cameras) {
        // Make room by forgetting a camera nobody uses: no connection holds it and no task is
        // pending for it (the hub's is the only reference). Otherwise anyone could use up
        // every id with upgrade requests and lock real cameras out until a restart.
        const auto idle = std::find_if(s.cameras.begin(), s.cameras.end(), [](const auto& entry) {
            return entry.second.use_count() == 1;
        });
        if (idle == s.cameras.end()) return nullptr;
        forgotten = idle->first;
        s.cameras.erase(idle);
    }
    auto camera =
        std::make_shared<Camera>(id, s.config, s.media_executor, s.epoch, s.observers, s.share);
    s.cameras.emplace(id, camera);
    // Observers hear of the new id before anyone can attach a camera to it, and of a forgotten
    // id before it can be created again; but they are not called under the hub's lock.
    auto held = s.observers->hold();
    lock.unlock();
    const auto event = [](HubEvent::Kind kind, const std::string& camera_id) {
        HubEvent e;
        e.kind = kind;
        e.camera.id = camera_id;  // offline, size unknown
        return e;
    };
    if (!forgotten.empty()) s.observers->notify(event(HubEvent::Kind::removed, forgotten), held);
    s.observers->notify(event(HubEvent::Kind::changed, id), held);
    return camera;
}

HubSubscription StreamHub::subscribe(Observer observer) {
    const std::uint64_t id = impl_->observers->add(std::move(observer));
    return HubSubscription([observers = impl_->observers, id] { observers->remove(id); });
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
