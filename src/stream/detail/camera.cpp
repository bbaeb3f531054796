#include "stream/detail/camera.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <exception>
#include <utility>

#include "media/jpeg_header.hpp"
#include "stream/fault_point.hpp"

namespace camstream::stream {

Camera::Camera(std::string id, StreamConfig config, boost::asio::any_io_executor media_executor,
               Clock::time_point epoch, std::shared_ptr<HubObservers> observers,
               std::shared_ptr<MediaShare> share)
    : id_(std::move(id)),
      config_(std::move(config)),
      strand_(boost::asio::make_strand(media_executor)),
      pipeline_(config_.limits, config_.encoder),
      keyframes_(config_.keyframe_interval),
      timeline_(epoch),
      observers_(std::move(observers)),
      share_(std::move(share)),
      reject_log_(id_) {
    stats_.id = id_;
    reported_.id = id_;
}

template <class Task>
void Camera::on_strand(Task task) {
    boost::asio::post(strand_, [self = shared_from_this(), task = std::move(task)]() mutable {
        try {
            task(*self);
        } catch (const std::exception& e) {
            // Nothing may escape a media pool task: it would end the whole server.
            spdlog::error("camera {}: {}", self->id_, e.what());
        }
    });
}

std::uint64_t Camera::attach_source(Replaced replaced, Pace pace) {
    const std::uint64_t source = next_source_++;
    on_strand([source, replaced = std::move(replaced), pace = std::move(pace)](Camera& self) {
        const bool was_connected = self.source_ != 0;
        if (was_connected && self.replace_source_) {
            // A rebooted ESP32 reconnects before its old TCP connection is noticed dead; the
            // stream goes on with the same encoder, so consumers see no new format unless
            // the size changes.
            self.replace_source_();
        }
        if (!was_connected && self.share_) self.share_->camera_connected();
        self.source_ = source;
        self.replace_source_ = replaced;
        self.pace_source_ = pace;
        self.pace_ = 0;                  // a new connection is told the rate afresh
        self.last_size_change_.reset();  // and may start with a new size
        self.update_pace(false);
        {
            std::lock_guard lock(self.stats_mutex_);
            self.stats_.connected = true;
        }
        if (!was_connected) self.publish({StreamEvent::Kind::online, nullptr, nullptr});
        self.report_presence();
    });
    return source;
}

void Camera::detach_source(std::uint64_t source) {
    on_strand([source](Camera& self) {
        if (self.source_ != source) return;  // already replaced
        if (self.share_) self.share_->camera_disconnected();
        self.source_ = 0;
        self.replace_source_ = nullptr;
        self.pace_source_ = nullptr;
        self.latest_.reset();
        // The next connection may be a different device: start a fresh stream (new format).
        self.pipeline_.reset();
        self.keyframes_.reset();
        self.timeline_.restart();
        {
            std::lock_guard lock(self.stats_mutex_);
            self.stats_.connected = false;
            self.stats_.width = self.stats_.height = 0;
            self.stats_.codec.clear();
            self.stats_.encoding = false;
            self.latest_jpeg_.reset();
        }
        self.publish({StreamEvent::Kind::offline, nullptr, nullptr});
        self.report_presence();
    });
}

void Camera::submit_jpeg(std::uint64_t source, media::SharedBytes jpeg, Clock::time_point arrival) {
    const std::size_t bytes = jpeg ? jpeg->size() : 0;
    {
        std::lock_guard lock(stats_mutex_);
        ++stats_.frames_received;
        received_meter_.record(arrival, bytes);
    }
    bool schedule = false;
    {
        std::lock_guard lock(pending_mutex_);
        if (pending_.size() == kWaitingFrames) {
            pending_.pop_front();
            std::lock_guard stats_lock(stats_mutex_);
            ++stats_.frames_dropped;
        }
        pending_.push_back(
            PendingFrame{source, std::move(jpeg), arrival, std::chrono::system_clock::now()});
        schedule = !std::exchange(drain_scheduled_, true);
    }
    if (schedule) on_strand([](Camera& self) { self.drain(); });
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
    bool more = false;
    {
        std::lock_guard lock(pending_mutex_);
        if (!pending_.empty()) {
            frame = std::move(pending_.front());
            pending_.pop_front();
        }
        more = !pending_.empty();
        drain_scheduled_ = more;
    }
    // The next waiting frame goes to the back of the pool's queue, behind other cameras' work.
    if (more) on_strand([](Camera& self) { self.drain(); });
    if (!frame) return;
    if (!within_budget(Clock::now())) return;
    const auto started = MediaBudget::thread_time();
    try {
        fault_point("frame_task");
        handle(std::move(*frame));
    } catch (const std::exception& e) {
        // Out of memory (or a bug) while decoding or encoding: this frame is lost and counted
        // as refused; the encoder starts afresh with the next one.
        pipeline_.reset();
        reject("internal_error", e.what());
    }
    budget_.spend(MediaBudget::thread_time() - started);
}

bool Camera::within_budget(Clock::time_point now) {
    if (!share_) return true;
    const auto share = share_->per_camera_per_second();
    if (budget_.allows(now, share)) return true;
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    reject("over_media_budget",
           "this camera's frames took more than its share of media time (" +
               std::to_string(duration_cast<milliseconds>(share).count()) +
               " ms per second); frames are refused until it is back under (" +
               std::to_string(duration_cast<milliseconds>(-budget_.credit()).count()) +
               " ms over). Fewer or smaller frames fit.");
    return false;
}

bool Camera::wants_h264(Clock::time_point now) const {
    return h264_consumers_ > 0 ||
           (unwatched_since_ && now - *unwatched_since_ < config_.encoder_linger);
}

void Camera::handle(PendingFrame pending) {
    if (pending.source != source_) return;  // sent by a connection that has been replaced
    static const media::Bytes no_bytes;
    const auto inspected =
        media::inspect_jpeg(pending.jpeg ? *pending.jpeg : no_bytes, config_.limits);
    if (const auto* failure = std::get_if<media::JpegDecodeFailure>(&inspected)) {
        reject(std::string(media::to_string(failure->error)), failure->detail);
        return;
    }
    const auto& header = std::get<media::JpegHeader>(inspected);
    if (!size_change_allowed(header.width, header.height, pending.arrival)) return;
    if (wants_h264(pending.arrival)) {
        encode(std::move(pending), false);
    } else {
        pass_jpeg(std::move(pending), header);
    }
}

bool Camera::size_change_allowed(int width, int height, Clock::time_point arrival) {
    if (accepted_width_ != 0 && (width != accepted_width_ || height != accepted_height_)) {
        if (last_size_change_ && arrival - *last_size_change_ < config_.min_size_change_interval) {
            reject("size_changed_too_soon",
                   std::to_string(accepted_width_) + "x" + std::to_string(accepted_height_) +
                       " -> " + std::to_string(width) + "x" + std::to_string(height) +
                       " less than " +
                       std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          config_.min_size_change_interval)
                                          .count()) +
                       " ms after the last size change; frames of a new size are refused "
                       "until then");
            return false;
        }
        last_size_change_ = arrival;
    }
    accepted_width_ = width;
    accepted_height_ = height;
    return true;
}

void Camera::pass_jpeg(PendingFrame pending, const media::JpegHeader& header) {
    if (pipeline_.format()) {
        spdlog::info("camera {}: encoder stopped, nobody wants H.264", id_);
        pipeline_.release();
        std::lock_guard lock(stats_mutex_);
        stats_.codec.clear();
        stats_.encoding = false;
    }
    {
        std::lock_guard lock(stats_mutex_);
        ++stats_.frames_unwatched;
        stats_.width = header.width & ~1;
        stats_.height = header.height & ~1;
        latest_jpeg_ = pending.jpeg;
    }
    report_presence();
    auto frame = std::make_shared<Frame>();
    frame->jpeg = pending.jpeg;
    frame->arrival = pending.arrival;
    frame->arrival_wall = pending.arrival_wall;
    latest_ = std::move(pending);
    publish({StreamEvent::Kind::frame, nullptr, std::move(frame)});
}

void Camera::encode(PendingFrame pending, bool jpeg_consumers_have_it) {
    static const media::Bytes no_bytes;
    if (auto failure = pipeline_.decode(pending.jpeg ? *pending.jpeg : no_bytes)) {
        reject(std::string(media::to_string(failure->error)), std::move(failure->detail));
        return;
    }
    // Only frames that will be sent take a place on the timeline: a jump is measured from
    // the last fragment a consumer got, not from a refused frame.
    const FrameTimeline::Timing timing = timeline_.next(pending.arrival);
    PipelineOutput out;
    try {
        out = pipeline_.encode(timing.pts, timing.duration,
                               timing.jump || keyframes_.should_force(pending.arrival),
                               pending.arrival_wall);
    } catch (const std::exception& e) {
        // The encoder or muxer refused this picture; the next frame starts afresh.
        pipeline_.reset();
        reject("encoder_error", e.what());
        return;
    }
    if (out.keyframe) keyframes_.on_keyframe(pending.arrival);
    if (out.new_stream) {
        const auto& format = pipeline_.format();
        spdlog::info("camera {}: streaming {}x{} {}", id_, format->width, format->height,
                     format->codec);
        std::lock_guard lock(stats_mutex_);
        stats_.width = format->width;
        stats_.height = format->height;
        stats_.codec = format->codec;
        stats_.encoding = true;
    }
    if (out.new_stream) report_presence();
    {
        std::lock_guard lock(stats_mutex_);
        ++stats_.frames_encoded;
        encoded_meter_.record(pending.arrival, out.fragment->size());
        latest_jpeg_ = pending.jpeg;
    }
    if (out.new_stream) publish({StreamEvent::Kind::format, pipeline_.format(), nullptr});

    auto frame = std::make_shared<Frame>();
    if (!jpeg_consumers_have_it) frame->jpeg = pending.jpeg;
    frame->fragment = std::move(out.fragment);
    frame->access_unit_offset = out.access_unit_offset;
    frame->keyframe = out.keyframe;
    frame->pts = timing.pts;
    frame->duration = timing.duration;
    frame->arrival = pending.arrival;
    frame->arrival_wall = pending.arrival_wall;
    latest_ = std::move(pending);
    publish({StreamEvent::Kind::frame, nullptr, std::move(frame)});
}

void Camera::update_pace(bool now) {
    if (!pace_source_) return;
    const double fps = consumers_.empty() ? config_.idle_fps : config_.watched_fps;
    if (fps <= 0) return;
    if (fps != pace_ || now) pace_source_(fps, now);
    pace_ = fps;
}

void Camera::publish(const StreamEvent& event) {
    std::map<std::string, std::uint64_t> skips;
    for (auto& consumer : consumers_) {
        const Consumer::PushResult result = consumer->push(event);
        if (result.wants_keyframe) keyframes_.request();
        if (result.overflowed) ++skips[consumer->options().kind];
    }
    if (!skips.empty()) {
        std::lock_guard lock(stats_mutex_);
        for (const auto& [kind, n] : skips) stats_.consumers[kind].skips += n;
    }
}

void Camera::report_presence() {
    if (!observers_) return;
    CameraPresence now;
    now.id = id_;
    {
        std::lock_guard lock(stats_mutex_);
        now.online = stats_.connected;
        now.width = stats_.width;
        now.height = stats_.height;
    }
    if (now == reported_) return;
    reported_ = now;
    observers_->notify({HubEvent::Kind::changed, std::move(now)});
}

void Camera::add_consumer(std::shared_ptr<Consumer> consumer) {
    on_strand([consumer = std::move(consumer)](Camera& self) {
        self.consumers_.push_back(consumer);
        const ConsumerOptions& wants = consumer->options();
        if (self.source_ == 0) {
            consumer->push({StreamEvent::Kind::offline, nullptr, nullptr});
        } else {
            if (wants.wants_h264 && self.pipeline_.format()) {
                consumer->push({StreamEvent::Kind::format, self.pipeline_.format(), nullptr});
            }
            if (wants.wants_jpeg && !wants.wants_h264) {
                // A JPEG needs nothing before it: show the latest at once.
                if (auto jpeg = self.latest_jpeg()) {
                    auto frame = std::make_shared<Frame>();
                    frame->jpeg = std::move(jpeg);
                    frame->arrival = Clock::now();
                    frame->arrival_wall = std::chrono::system_clock::now();
                    consumer->push({StreamEvent::Kind::frame, nullptr, std::move(frame)});
                }
            }
        }
        // Whether or not frames flow yet, an H.264 consumer's first frame must be a keyframe.
        if (wants.wants_h264) {
            self.keyframes_.request();
            ++self.h264_consumers_;
            self.unwatched_since_.reset();
            // Nothing encoded lately: the latest JPEG (at most one camera interval old) is
            // encoded now, so the first picture does not wait for the next frame.
            if (self.source_ != 0 && !self.pipeline_.format() && self.latest_) {
                // It takes its place on the timeline now, but keeps the wall-clock time it
                // was received at: that is what a player showing the picture's age needs.
                PendingFrame latest = *self.latest_;
                latest.arrival = Clock::now();
                self.encode(std::move(latest), true);
            }
        }
        self.update_pace(true);
        self.count_consumers();
    });
}

void Camera::remove_consumer(std::shared_ptr<Consumer> consumer) {
    consumer->cancel();
    on_strand([consumer = std::move(consumer)](Camera& self) {
        const auto before = self.consumers_.size();
        std::erase(self.consumers_, consumer);
        if (self.consumers_.size() < before && consumer->options().wants_h264 &&
            --self.h264_consumers_ == 0) {
            self.unwatched_since_ = Clock::now();
        }
        self.update_pace(false);
        self.count_consumers();
    });
}

void Camera::count_consumers() {
    std::lock_guard lock(stats_mutex_);
    for (auto& [kind, figures] : stats_.consumers) figures.connected = 0;
    for (const auto& c : consumers_) ++stats_.consumers[c->options().kind].connected;
}

void Camera::request_keyframe() {
    on_strand([](Camera& self) { self.keyframes_.request(); });
}

media::SharedBytes Camera::latest_jpeg() const {
    std::lock_guard lock(stats_mutex_);
    return latest_jpeg_;
}

bool Camera::connected() const {
    std::lock_guard lock(stats_mutex_);
    return stats_.connected;
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
