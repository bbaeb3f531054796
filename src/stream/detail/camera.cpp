#include "stream/camera.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <exception>
#include <nlohmann/json.hpp>
#include <utility>

namespace camstream::stream {

namespace {
StreamMessage text_message(StreamMessage::Kind kind, const nlohmann::json& json) {
    return {kind, std::make_shared<const std::string>(json.dump()), false};
}
}  // namespace

Camera::Camera(std::string id, CameraConfig config, boost::asio::any_io_executor media_executor,
               Clock::time_point epoch)
    : id_(std::move(id)),
      config_(std::move(config)),
      strand_(boost::asio::make_strand(media_executor)),
      pipeline_(config_.limits, config_.encoder),
      keyframes_(config_.keyframe_interval),
      timeline_(epoch),
      reject_log_(id_) {
    stats_.id = id_;
}

std::uint64_t Camera::attach_source(CloseSource close) {
    const std::uint64_t source = next_source_++;
    boost::asio::post(strand_, [self = shared_from_this(), source, close = std::move(close)] {
        const bool was_connected = self->source_ != 0;
        if (was_connected && self->close_source_) {
            // A rebooted ESP32 reconnects before its old TCP connection is noticed dead; the
            // stream goes on with the same encoder, so viewers see no new init unless the
            // size changes.
            self->close_source_(4000, "replaced");
        }
        self->source_ = source;
        self->close_source_ = close;
        {
            std::lock_guard lock(self->stats_mutex_);
            self->stats_.connected = true;
        }
        if (!was_connected) self->broadcast(self->status_message("online"));
    });
    return source;
}

void Camera::detach_source(std::uint64_t source) {
    boost::asio::post(strand_, [self = shared_from_this(), source] {
        if (self->source_ != source) return;  // already replaced
        self->source_ = 0;
        self->close_source_ = nullptr;
        // The next connection may be a different device: start a fresh stream (new init).
        self->pipeline_.reset();
        self->keyframes_.reset();
        self->timeline_.restart();
        {
            std::lock_guard lock(self->stats_mutex_);
            self->stats_.connected = false;
            self->stats_.width = self->stats_.height = 0;
            self->stats_.codec.clear();
        }
        self->broadcast(self->status_message("offline"));
    });
}

void Camera::submit_jpeg(std::uint64_t source, std::vector<std::uint8_t> jpeg,
                         Clock::time_point arrival) {
    {
        std::lock_guard lock(stats_mutex_);
        ++stats_.frames_received;
        received_meter_.record(arrival, jpeg.size());
    }
    bool schedule = false;
    {
        std::lock_guard lock(pending_mutex_);
        if (pending_) {
            std::lock_guard stats_lock(stats_mutex_);
            ++stats_.frames_dropped;
        }
        pending_ = PendingFrame{source, std::move(jpeg), arrival};
        schedule = !std::exchange(drain_scheduled_, true);
    }
    if (schedule) boost::asio::post(strand_, [self = shared_from_this()] { self->drain(); });
}

void Camera::reject(std::string reason, std::string detail) {
    // Counted and logged here, on the caller's thread: a camera flooding text messages must
    // not queue work on the media strand.
    {
        std::lock_guard lock(stats_mutex_);
        ++stats_.frames_rejected;
        ++stats_.rejected_by_reason[reason];
    }
    reject_log_.reject(Clock::now(), reason, detail);
}

void Camera::drain() {
    std::optional<PendingFrame> frame;
    {
        std::lock_guard lock(pending_mutex_);
        frame.swap(pending_);
        drain_scheduled_ = false;
    }
    if (!frame) return;
    try {
        encode(std::move(*frame));
    } catch (const std::exception& e) {
        // Nothing may escape a media pool task: it would end the whole server.
        spdlog::error("camera {}: frame lost: {}", id_, e.what());
    }
}

void Camera::encode(PendingFrame frame) {
    if (frame.source != source_) return;  // sent by a connection that has been replaced
    if (auto failure = pipeline_.decode(frame.jpeg)) {
        reject(std::string(media::to_string(failure->error)), std::move(failure->detail));
        return;
    }
    // Only frames that will be sent take a place on the timeline: a jump is measured from
    // the last fragment a viewer got, not from a refused frame.
    const FrameTimeline::Timing timing = timeline_.next(frame.arrival);
    PipelineOutput out;
    try {
        out = pipeline_.encode(timing.pts, timing.duration,
                               timing.jump || keyframes_.should_force(frame.arrival));
    } catch (const std::exception& e) {
        // The encoder or muxer refused this picture; the next frame starts afresh.
        pipeline_.reset();
        reject("encoder_error", e.what());
        return;
    }
    if (out.keyframe) keyframes_.on_keyframe(frame.arrival);
    if (out.new_stream) {
        const StreamFormat& format = *pipeline_.format();
        spdlog::info("camera {}: streaming {}x{} {}", id_, format.width, format.height,
                     format.codec);
        {
            std::lock_guard lock(stats_mutex_);
            stats_.width = format.width;
            stats_.height = format.height;
            stats_.codec = format.codec;
        }
        // Built once per stream, shared by every viewer's queue.
        init_info_ = text_message(StreamMessage::Kind::init_info, {{"type", "init"},
                                                                   {"camera", id_},
                                                                   {"codec", format.codec},
                                                                   {"width", format.width},
                                                                   {"height", format.height}});
        for (auto& viewer : viewers_) send_format(*viewer);
    }
    {
        std::lock_guard lock(stats_mutex_);
        ++stats_.frames_encoded;
        encoded_meter_.record(frame.arrival, out.fragment->size());
    }
    broadcast({StreamMessage::Kind::fragment, std::move(out.fragment), out.keyframe});
}

void Camera::broadcast(const StreamMessage& message) {
    std::uint64_t overflows = 0;
    for (auto& viewer : viewers_) {
        const FragmentQueue::PushResult result = viewer->push(message);
        if (result.wants_keyframe) keyframes_.request();
        if (result.overflowed) ++overflows;
    }
    if (overflows > 0) {
        std::lock_guard lock(stats_mutex_);
        stats_.viewer_skips += overflows;
    }
}

void Camera::send_format(Subscription& viewer) {
    viewer.push(init_info_);
    viewer.push({StreamMessage::Kind::init_segment, pipeline_.format()->init_segment, false});
}

StreamMessage Camera::status_message(const char* state) const {
    return text_message(StreamMessage::Kind::status,
                        {{"type", "status"}, {"camera", id_}, {"state", state}});
}

void Camera::subscribe(std::shared_ptr<Subscription> viewer) {
    boost::asio::post(strand_, [self = shared_from_this(), viewer = std::move(viewer)] {
        self->viewers_.push_back(viewer);
        if (self->source_ == 0) {
            viewer->push(self->status_message("offline"));
        } else if (self->pipeline_.format()) {
            self->send_format(*viewer);
        }
        // Whether or not frames flow yet, the viewer's first fragment must be a keyframe.
        self->keyframes_.request();
        std::lock_guard lock(self->stats_mutex_);
        self->stats_.viewers = self->viewers_.size();
    });
}

void Camera::unsubscribe(std::shared_ptr<Subscription> viewer) {
    viewer->cancel();
    boost::asio::post(strand_, [self = shared_from_this(), viewer = std::move(viewer)] {
        std::erase(self->viewers_, viewer);
        std::lock_guard lock(self->stats_mutex_);
        self->stats_.viewers = self->viewers_.size();
    });
}

CameraSnapshot Camera::snapshot() const {
    const auto now = Clock::now();
    std::lock_guard lock(stats_mutex_);
    CameraSnapshot snap = stats_;
    snap.fps_in = received_meter_.events_per_second(now);
    snap.avg_jpeg_bytes = received_meter_.average_bytes();
    snap.fps_out = encoded_meter_.events_per_second(now);
    snap.bitrate_kbps = encoded_meter_.bytes_per_second(now) * 8 / 1000;
    return snap;
}

}  // namespace camstream::stream
