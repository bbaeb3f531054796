#pragma once
// One camera id in the hub: its source (the camera connection currently sending), its
// transcoding pipeline and its viewers. Everything that changes the stream runs on the
// camera's strand of the media thread pool, so a camera needs no locks of its own and a slow
// encode never blocks network I/O. Arriving JPEGs wait in a one-frame slot: if the encoder
// falls behind, the older waiting frame is dropped (counted), never queued without bound.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "stream/frame_pipeline.hpp"
#include "stream/frame_timeline.hpp"
#include "stream/keyframe_policy.hpp"
#include "stream/rate_meter.hpp"
#include "stream/reject_log.hpp"
#include "stream/subscription.hpp"

namespace camstream::stream {

struct CameraConfig {
    media::JpegDecoderLimits limits;
    media::H264EncoderSettings encoder;
    std::chrono::steady_clock::duration keyframe_interval = std::chrono::seconds(2);
    std::size_t viewer_queue_frames = 30;
};

// A point-in-time copy of a camera's figures, for /api/cameras, /metrics and the stats log.
struct CameraSnapshot {
    std::string id;
    bool connected = false;
    int width = 0;
    int height = 0;
    std::string codec;
    double fps_in = 0;
    double fps_out = 0;
    double bitrate_kbps = 0;
    std::uint64_t avg_jpeg_bytes = 0;
    std::size_t viewers = 0;
    std::uint64_t frames_received = 0;
    std::uint64_t frames_encoded = 0;
    std::uint64_t frames_dropped = 0;
    std::uint64_t frames_rejected = 0;
    std::map<std::string, std::uint64_t> rejected_by_reason;
    std::uint64_t viewer_skips = 0;
};

class Camera : public std::enable_shared_from_this<Camera> {
public:
    using Clock = std::chrono::steady_clock;
    // Closes a camera connection, e.g. with 4000 "replaced". Called on the camera's strand:
    // the session must post to its own executor.
    using CloseSource = std::function<void(std::uint16_t code, std::string reason)>;

    Camera(std::string id, CameraConfig config, boost::asio::any_io_executor media_executor,
           Clock::time_point epoch);

    const std::string& id() const { return id_; }

    // A camera connection for this id starts; a previous one still attached is closed with
    // 4000 "replaced". Returns a token naming this connection in the calls below.
    std::uint64_t attach_source(CloseSource close);
    void detach_source(std::uint64_t source);
    void submit_jpeg(std::uint64_t source, std::vector<std::uint8_t> jpeg,
                     Clock::time_point arrival);
    // Refused before decoding (text message, oversized message): counted and logged.
    void reject(std::string reason, std::string detail);

    void subscribe(std::shared_ptr<Subscription> viewer);
    void unsubscribe(std::shared_ptr<Subscription> viewer);

    CameraSnapshot snapshot() const;

private:
    struct PendingFrame {
        std::uint64_t source = 0;
        std::vector<std::uint8_t> jpeg;
        Clock::time_point arrival;
    };

    void drain();  // strand: encode the waiting frame
    void encode(PendingFrame frame);
    void broadcast(const StreamMessage& message);
    void send_format(Subscription& viewer);  // only while pipeline_.format() is set
    StreamMessage status_message(const char* state) const;

    const std::string id_;
    const CameraConfig config_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    std::atomic<std::uint64_t> next_source_{1};

    // The one-frame slot between network threads and the strand.
    std::mutex pending_mutex_;
    std::optional<PendingFrame> pending_;
    bool drain_scheduled_ = false;

    // Strand only.
    std::uint64_t source_ = 0;  // 0: no camera connected
    CloseSource close_source_;
    FramePipeline pipeline_;
    KeyframePolicy keyframes_;
    std::vector<std::shared_ptr<Subscription>> viewers_;
    FrameTimeline timeline_;
    StreamMessage init_info_;  // the "init" JSON of the current stream

    RejectLog reject_log_;  // any thread

    // Figures, read from any thread.
    mutable std::mutex stats_mutex_;
    CameraSnapshot stats_;
    RateMeter received_meter_;
    RateMeter encoded_meter_;
};

}  // namespace camstream::stream
