#pragma once
// The hub's CameraStream: the camera connection currently sending, the transcoding pipeline
// and the consumers. Everything that changes the stream runs on the camera's strand of the
// media thread pool, so a camera needs no locks of its own and a slow encode never blocks
// network I/O. Arriving JPEGs wait in a queue of two: a burst of two frames (the network
// thread held up for a moment, WiFi delivering two frames at once) is encoded whole, and if the
// encoder falls further behind, the oldest waiting frame is dropped (counted), never queued
// without bound.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/strand.hpp>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "media/jpeg_header.hpp"
#include "stream/camera_stream.hpp"
#include "stream/detail/frame_pipeline.hpp"
#include "stream/detail/frame_timeline.hpp"
#include "stream/detail/hub_observers.hpp"
#include "stream/detail/keyframe_policy.hpp"
#include "stream/detail/media_budget.hpp"
#include "stream/detail/rate_meter.hpp"
#include "stream/detail/reject_log.hpp"
#include "stream/stream_config.hpp"

namespace camstream::stream {

class Camera final : public CameraStream, public std::enable_shared_from_this<Camera> {
public:
    // `observers` (may be null) hears whenever this camera's presence changes.
    // `share` (may be null: no budget) is the hub's division of media-thread time.
    Camera(std::string id, StreamConfig config, boost::asio::any_io_executor media_executor,
           Clock::time_point epoch, std::shared_ptr<HubObservers> observers = nullptr,
           std::shared_ptr<MediaShare> share = nullptr);

    const std::string& id() const override { return id_; }
    std::uint64_t attach_source(Replaced replaced, Pace pace = {}) override;
    void detach_source(std::uint64_t source) override;
    void submit_jpeg(std::uint64_t source, media::SharedBytes jpeg,
                     Clock::time_point arrival) override;
    void reject(std::string reason, std::string detail) override;
    void add_consumer(std::shared_ptr<Consumer> consumer) override;
    void remove_consumer(std::shared_ptr<Consumer> consumer) override;
    void request_keyframe() override;
    media::SharedBytes latest_jpeg() const override;
    bool connected() const override;
    CameraSnapshot snapshot() const override;

private:
    struct PendingFrame {
        std::uint64_t source = 0;
        media::SharedBytes jpeg;
        Clock::time_point arrival;
        std::chrono::system_clock::time_point arrival_wall;
    };

    // Runs `task` on the strand; an exception costs the task, never the media pool.
    template <class Task>
    void on_strand(Task task);
    void drain();  // strand: encode the oldest waiting frame
    void handle(PendingFrame frame);
    // False (and the frame refused) if this camera has used up its media time.
    bool within_budget(Clock::time_point now);
    bool wants_h264(Clock::time_point now) const;
    void pass_jpeg(PendingFrame frame, const media::JpegHeader& header);  // nobody wants H.264
    // Encodes the frame and publishes it; `jpeg_consumers_have_it`: the JPEG went out before.
    void encode(PendingFrame frame, bool jpeg_consumers_have_it);
    // False (and the frame refused) if it changes the picture size too soon after the last change.
    bool size_change_allowed(int width, int height, Clock::time_point arrival);
    void update_pace(bool now);
    void publish(const StreamEvent& event);
    void count_consumers();  // strand
    void report_presence();  // strand: tell the hub's observers if online or size changed

    const std::string id_;
    const StreamConfig config_;
    boost::asio::strand<boost::asio::any_io_executor> strand_;
    std::atomic<std::uint64_t> next_source_{1};

    // The frames waiting between network threads and the strand, oldest first.
    static constexpr std::size_t kWaitingFrames = 2;
    std::mutex pending_mutex_;
    std::deque<PendingFrame> pending_;
    bool drain_scheduled_ = false;  // a drain is posted and will run again while frames wait

    // Strand only.
    std::uint64_t source_ = 0;  // 0: no camera connected
    Replaced replace_source_;
    Pace pace_source_;
    double pace_ = 0;  // last rate asked for
    std::size_t h264_consumers_ = 0;
    std::optional<Clock::time_point> unwatched_since_;  // the last H.264 consumer left
    std::optional<PendingFrame> latest_;                // the last good frame, for a join
    int accepted_width_ = 0;                            // the size of the last frame handled
    int accepted_height_ = 0;
    std::optional<Clock::time_point> last_size_change_;  // reset by a new connection
    FramePipeline pipeline_;
    KeyframePolicy keyframes_;
    FrameTimeline timeline_;
    std::vector<std::shared_ptr<Consumer>> consumers_;
    std::shared_ptr<HubObservers> observers_;
    CameraPresence reported_;  // what observers last heard
    std::shared_ptr<MediaShare> share_;
    MediaBudget budget_;

    RejectLog reject_log_;  // any thread

    // Figures and the latest JPEG, read from any thread.
    mutable std::mutex stats_mutex_;
    CameraSnapshot stats_;
    media::SharedBytes latest_jpeg_;
    RateMeter received_meter_;
    RateMeter encoded_meter_;
};

}  // namespace camstream::stream
