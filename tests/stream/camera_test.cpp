// The hub's camera with a real thread pool and real JPEGs: what a consumer's queue receives as
// cameras come, go, replace each other and send bad frames. No sockets.
#include "stream/detail/camera.hpp"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <future>
#include <thread>

#include "media/mp4_boxes.hpp"
#include "media/test_images.hpp"

namespace camstream::stream {
namespace {

using namespace std::chrono_literals;
using Kind = StreamEvent::Kind;

// A consumer that records everything its queue delivers. The camera's media thread may still
// deliver after the test body has ended (a frame in flight): what the wakeup touches is shared
// state that outlives this object, never the object itself.
class RecordingConsumer {
public:
    explicit RecordingConsumer(ConsumerOptions options = {})
        : consumer_(std::make_shared<Consumer>(std::move(options),
                                               [state = state_] { state->drain(); })) {
        state_->consumer = consumer_;
    }

    std::shared_ptr<Consumer> consumer() { return consumer_; }

    // Waits until `count` events have arrived in all; returns them.
    std::vector<StreamEvent> wait_for(std::size_t count, std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(state_->mutex);
        state_->cv.wait_for(lock, timeout, [&] { return state_->events.size() >= count; });
        return state_->events;
    }

private:
    struct State {
        std::weak_ptr<Consumer> consumer;  // weak: the consumer owns the wakeup that owns this
        std::mutex mutex;
        std::condition_variable cv;
        std::vector<StreamEvent> events;

        void drain() {
            const auto queue = consumer.lock();
            if (!queue) return;
            while (auto e = queue->pop()) {
                std::lock_guard lock(mutex);
                events.push_back(std::move(*e));
                cv.notify_all();
            }
        }
    };

    std::shared_ptr<State> state_ = std::make_shared<State>();
    std::shared_ptr<Consumer> consumer_;
};

std::uint64_t decode_time(const StreamEvent& e) {
    EXPECT_EQ(e.kind, Kind::frame);
    auto sample = media::test::read_fragment(*e.frame->fragment);
    EXPECT_TRUE(sample.has_value());
    return sample ? sample->decode_time : 0;
}

class CameraTest : public ::testing::Test {
protected:
    CameraTest() {
        StreamConfig config;
        camera_ =
            std::make_shared<Camera>("cam", config, pool_.get_executor(), Camera::Clock::now());
    }
    ~CameraTest() override { pool_.join(); }

    // Sends one frame and waits until the camera has dealt with it, so no frame is dropped
    // for arriving while the previous one is still being encoded.
    void send(std::uint64_t source, const std::vector<std::uint8_t>& jpeg) {
        const auto before = handled();
        camera_->submit_jpeg(source, media::share(media::Bytes(jpeg)), Camera::Clock::now());
        const auto deadline = Camera::Clock::now() + 5s;
        while (handled() == before && Camera::Clock::now() < deadline) {
            std::this_thread::sleep_for(1ms);
        }
        std::this_thread::sleep_for(5ms);  // arrival clock must move on between frames
    }
    std::uint64_t handled() const {
        const auto s = camera_->snapshot();
        return s.frames_encoded + s.frames_rejected + s.frames_unwatched;
    }

    boost::asio::thread_pool pool_{2};
    std::shared_ptr<Camera> camera_;
    const std::vector<std::uint8_t> vga_ = media::test::make_jpeg(640, 480, TJSAMP_420);
    const std::vector<std::uint8_t> qvga_ = media::test::make_jpeg(320, 240, TJSAMP_422);
};

TEST_F(CameraTest, ViewerSeesOfflineThenOnlineInitAndFramesStartingAtAKeyframe) {
    RecordingConsumer viewer;
    camera_->add_consumer(viewer.consumer());
    auto messages = viewer.wait_for(1);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].kind, Kind::offline);

    const auto source = camera_->attach_source([] {});
    for (int i = 0; i < 5; ++i) send(source, vga_);
    messages = viewer.wait_for(1 + 1 + 1 + 5);
    ASSERT_EQ(messages.size(), 8u);
    EXPECT_EQ(messages[1].kind, Kind::online);
    ASSERT_EQ(messages[2].kind, Kind::format);
    const StreamFormat& format = *messages[2].format;
    EXPECT_EQ(format.width, 640);
    EXPECT_EQ(format.height, 480);
    EXPECT_TRUE(format.codec.starts_with("avc1.42"));
    ASSERT_TRUE(format.init_segment);
    EXPECT_TRUE(media::test::find_box(*format.init_segment, "moov/mvex/trex"));
    EXPECT_TRUE(messages[3].frame->keyframe);
    for (std::size_t i = 3; i < messages.size(); ++i) {
        ASSERT_EQ(messages[i].kind, Kind::frame);
        const Frame& f = *messages[i].frame;
        EXPECT_EQ(decode_time(messages[i]), static_cast<std::uint64_t>(f.pts));
        EXPECT_EQ(f.jpeg->size(), vga_.size());  // the JPEG as received rides along
        // The access unit is the tail of the fragment: the mdat's payload.
        EXPECT_EQ(f.access_unit().data() + f.access_unit().size(),
                  f.fragment->data() + f.fragment->size());
        EXPECT_GT(f.access_unit().size(), 0u);
        if (i > 3) {
            EXPECT_GT(f.pts, messages[i - 1].frame->pts);
        }
    }
    const auto stats = camera_->snapshot();
    EXPECT_EQ(stats.frames_received, 5u);
    EXPECT_EQ(stats.frames_encoded, 5u);
    EXPECT_EQ(stats.consumers_of("websocket").connected, 1u);
}

TEST_F(CameraTest, ReconnectSendsANewInitAndTimestampsKeepGoingUp) {
    RecordingConsumer viewer;
    camera_->add_consumer(viewer.consumer());
    auto first = camera_->attach_source([] {});
    send(first, vga_);
    send(first, vga_);
    camera_->detach_source(first);
    auto second = camera_->attach_source([] {});
    send(second, vga_);
    // offline, online, format, kf, f, offline, online, format, kf
    auto messages = viewer.wait_for(9);
    ASSERT_EQ(messages.size(), 9u);
    EXPECT_EQ(messages[5].kind, Kind::offline);
    EXPECT_EQ(messages[6].kind, Kind::online);
    ASSERT_EQ(messages[7].kind, Kind::format);
    EXPECT_GT(messages[7].format->generation, messages[2].format->generation);
    EXPECT_TRUE(messages[8].frame->keyframe);
    EXPECT_GT(decode_time(messages[8]), decode_time(messages[4]));
}

TEST_F(CameraTest, SizeChangeSendsANewInitWithTheNewSize) {
    RecordingConsumer viewer;
    camera_->add_consumer(viewer.consumer());
    auto source = camera_->attach_source([] {});
    send(source, vga_);
    send(source, qvga_);
    // offline, online, format, kf, format, kf
    auto messages = viewer.wait_for(6);
    ASSERT_EQ(messages.size(), 6u);
    ASSERT_EQ(messages[4].kind, Kind::format);
    EXPECT_EQ(messages[4].format->width, 320);
    EXPECT_EQ(messages[4].format->height, 240);
    EXPECT_TRUE(messages[5].frame->keyframe);
    EXPECT_GT(decode_time(messages[5]), decode_time(messages[3]));
}

TEST_F(CameraTest, ACameraFlippingSizesLosesItsOwnFramesNotItsViewersStream) {
    RecordingConsumer viewer;
    camera_->add_consumer(viewer.consumer());
    auto source = camera_->attach_source([] {});
    send(source, vga_);
    send(source, qvga_);  // the first change is taken at once
    for (int i = 0; i < 6; ++i) send(source, i % 2 == 0 ? vga_ : qvga_);
    send(source, qvga_);
    // offline, online, format(640), kf, format(320), kf, then only the 320x240 frames: 3 + 1
    auto messages = viewer.wait_for(10);
    std::size_t formats = 0;
    for (const auto& m : messages) formats += m.kind == Kind::format;
    EXPECT_EQ(formats, 2u) << "each flip would restart every viewer's stream";
    const auto stats = camera_->snapshot();
    EXPECT_EQ(stats.frames_received, 9u);
    EXPECT_EQ(stats.frames_encoded, 6u);
    EXPECT_EQ(stats.rejected_by_reason.at("size_changed_too_soon"), 3u);
    EXPECT_EQ(stats.width, 320);

    // A new connection may start with another size at once.
    camera_->detach_source(source);
    source = camera_->attach_source([] {});
    send(source, vga_);
    EXPECT_EQ(camera_->snapshot().width, 640);
}

TEST_F(CameraTest, ASecondConnectionReplacesTheFirstWithoutANewInit) {
    RecordingConsumer viewer;
    camera_->add_consumer(viewer.consumer());
    std::promise<void> replaced;
    auto first = camera_->attach_source([&] { replaced.set_value(); });
    send(first, vga_);
    auto second = camera_->attach_source([] {});
    auto future = replaced.get_future();
    ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
    camera_->detach_source(first);  // the old connection noticing it was closed changes nothing
    send(second, vga_);
    camera_->submit_jpeg(first, media::share(media::Bytes(vga_)),
                         Camera::Clock::now());  // late frame of the old one
    send(second, vga_);
    // A last frame with an arrival time of its own marks the end: events come in order, so
    // when it is here, anything the late frame caused would be here before it.
    const auto marker = Camera::Clock::now() + 1h;
    camera_->submit_jpeg(second, media::share(media::Bytes(vga_)), marker);
    // offline, online, format, kf, then three frames of the second connection only
    const auto messages = viewer.wait_for(7);
    ASSERT_EQ(messages.size(), 7u);
    ASSERT_EQ(messages.back().kind, Kind::frame);
    EXPECT_EQ(messages.back().frame->arrival, marker) << "an event came from the late frame";
    for (std::size_t i = 3; i < 7; ++i) EXPECT_EQ(messages[i].kind, Kind::frame);
    EXPECT_EQ(camera_->snapshot().frames_encoded, 4u);
    EXPECT_TRUE(camera_->snapshot().connected);
}

TEST_F(CameraTest, BadFramesAreCountedByReasonAndGoodOnesAroundThemStillFlow) {
    RecordingConsumer viewer;
    camera_->add_consumer(viewer.consumer());
    auto source = camera_->attach_source([] {});
    const std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
    std::vector<std::uint8_t> truncated(vga_.begin(), vga_.begin() + vga_.size() / 2);
    send(source, vga_);
    send(source, {});
    send(source, vga_);
    send(source, png);
    send(source, vga_);
    send(source, truncated);
    send(source, vga_);
    camera_->reject("text_message", "test");
    auto messages = viewer.wait_for(2 + 1 + 4);
    ASSERT_EQ(messages.size(), 7u);
    const auto deadline = Camera::Clock::now() + 5s;  // the reject is counted on the strand
    while (camera_->snapshot().frames_rejected < 4 && Camera::Clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);
    }
    const auto stats = camera_->snapshot();
    EXPECT_EQ(stats.frames_received, 7u);
    EXPECT_EQ(stats.frames_encoded, 4u);
    EXPECT_EQ(stats.frames_rejected, 4u);
    EXPECT_EQ(stats.rejected_by_reason.at("empty"), 1u);
    EXPECT_EQ(stats.rejected_by_reason.at("not_jpeg"), 1u);
    EXPECT_EQ(stats.rejected_by_reason.at("truncated"), 1u);
    EXPECT_EQ(stats.rejected_by_reason.at("text_message"), 1u);
}

TEST_F(CameraTest, AJpegConsumerGetsTheLatestJpegAtOnceAndThenEachJpegWithoutH264) {
    auto source = camera_->attach_source([] {});
    send(source, vga_);
    ConsumerOptions options;
    options.kind = "mjpeg";
    options.wants_jpeg = true;
    options.wants_h264 = false;
    RecordingConsumer mjpeg(options);
    camera_->add_consumer(mjpeg.consumer());
    auto events = mjpeg.wait_for(1);
    ASSERT_EQ(events.size(), 1u);
    ASSERT_EQ(events[0].kind, Kind::frame);
    EXPECT_EQ(*events[0].frame->jpeg, vga_);  // the bytes the camera sent, not a re-encode
    send(source, qvga_);
    events = mjpeg.wait_for(3);  // a format event, then the new JPEG
    ASSERT_GE(events.size(), 2u);
    EXPECT_EQ(*events.back().frame->jpeg, qvga_);
    EXPECT_EQ(camera_->latest_jpeg()->size(), qvga_.size());
    EXPECT_EQ(camera_->snapshot().consumers_of("mjpeg").connected, 1u);
    camera_->remove_consumer(mjpeg.consumer());
}

TEST_F(CameraTest, TheLatestJpegIsForgottenWhenTheCameraGoesAway) {
    auto source = camera_->attach_source([] {});
    send(source, vga_);
    ASSERT_TRUE(camera_->latest_jpeg());
    EXPECT_TRUE(camera_->connected());
    camera_->detach_source(source);
    const auto deadline = Camera::Clock::now() + 5s;
    while (camera_->connected() && Camera::Clock::now() < deadline)
        std::this_thread::sleep_for(1ms);
    EXPECT_FALSE(camera_->connected());
    EXPECT_FALSE(camera_->latest_jpeg());
}

TEST_F(CameraTest, ASlowConsumerSkipsAndIsCountedByItsKindWhileAFastOneGetsEveryFrame) {
    auto source = camera_->attach_source([] {});
    ConsumerOptions slow_options;
    slow_options.kind = "hls";
    slow_options.max_frames = 2;
    // Never popped: its queue overflows.
    auto slow = std::make_shared<Consumer>(slow_options, nullptr);
    camera_->add_consumer(slow);
    RecordingConsumer fast;
    camera_->add_consumer(fast.consumer());
    for (int i = 0; i < 6; ++i) send(source, vga_);
    // Joined a connected camera before its first frame: format, then six frames.
    const auto events = fast.wait_for(1 + 6);
    ASSERT_EQ(events.size(), 7u);
    const auto stats = camera_->snapshot();
    EXPECT_GE(stats.consumers_of("hls").skips, 1u);
    EXPECT_EQ(stats.consumers_of("websocket").skips, 0u);
    EXPECT_EQ(stats.consumers_of("hls").connected, 1u);
    camera_->remove_consumer(slow);
    camera_->remove_consumer(fast.consumer());
}

TEST_F(CameraTest, EveryConsumerSharesTheSameFrameBytes) {
    auto source = camera_->attach_source([] {});
    RecordingConsumer a;
    RecordingConsumer b;
    camera_->add_consumer(a.consumer());
    camera_->add_consumer(b.consumer());
    send(source, vga_);
    const auto ea = a.wait_for(2);  // format, frame
    const auto eb = b.wait_for(2);
    ASSERT_EQ(ea.size(), 2u);
    ASSERT_EQ(eb.size(), 2u);
    EXPECT_EQ(ea[1].frame->fragment.get(), eb[1].frame->fragment.get());
    EXPECT_EQ(ea[0].format->init_segment.get(), eb[0].format->init_segment.get());
}

// A burst of two frames (the network thread held up, WiFi delivering two at once) is encoded
// whole; only a third frame arriving while two wait pushes the oldest out.
TEST(CameraQueueTest, TwoFramesArrivingTogetherAreBothEncodedAThirdDropsTheOldest) {
    boost::asio::thread_pool pool{1};
    auto camera =
        std::make_shared<Camera>("cam", StreamConfig{}, pool.get_executor(), Camera::Clock::now());
    RecordingConsumer viewer;
    camera->add_consumer(viewer.consumer());
    const auto source = camera->attach_source([] {});
    // The pool's only thread is kept busy while the frames arrive.
    std::promise<void> release;
    boost::asio::post(pool, [held = release.get_future().share()] { held.wait(); });
    const auto jpeg = media::test::make_jpeg(320, 240, TJSAMP_420);
    const auto t0 = Camera::Clock::now();
    for (int i = 1; i <= 2; ++i) {
        camera->submit_jpeg(source, media::share(media::Bytes(jpeg)), t0 + i * 10ms);
    }
    EXPECT_EQ(camera->snapshot().frames_dropped, 0u) << "a burst of two must not drop a frame";
    camera->submit_jpeg(source, media::share(media::Bytes(jpeg)), t0 + 30ms);
    release.set_value();
    // offline, online, format, then the second and third frames
    const auto events = viewer.wait_for(5);
    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(events[2].kind, Kind::format);
    ASSERT_EQ(events[3].kind, Kind::frame);
    ASSERT_EQ(events[4].kind, Kind::frame);
    EXPECT_EQ(events[3].frame->arrival, t0 + 20ms);
    EXPECT_EQ(events[4].frame->arrival, t0 + 30ms);
    const auto stats = camera->snapshot();
    EXPECT_EQ(stats.frames_encoded, 2u);
    EXPECT_EQ(stats.frames_dropped, 1u);
    pool.join();
}

}  // namespace
}  // namespace camstream::stream
