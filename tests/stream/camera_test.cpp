// The hub's Camera with a real thread pool and real JPEGs: what a viewer's queue receives as
// cameras come, go, replace each other and send bad frames. No sockets.
#include "stream/camera.hpp"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "media/mp4_boxes.hpp"
#include "media/test_images.hpp"

namespace camstream::stream {
namespace {

using namespace std::chrono_literals;

// A viewer that records everything its queue delivers.
class RecordingViewer {
public:
    explicit RecordingViewer(std::size_t queue = 100)
        : subscription_(std::make_shared<Subscription>("cam", queue, [this] { drain(); })) {}

    std::shared_ptr<Subscription> subscription() { return subscription_; }

    // Waits until `count` messages have arrived in all; returns them.
    std::vector<StreamMessage> wait_for(std::size_t count, std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, timeout, [&] { return messages_.size() >= count; });
        return messages_;
    }

private:
    void drain() {
        while (auto m = subscription_->pop()) {
            std::lock_guard lock(mutex_);
            messages_.push_back(std::move(*m));
            cv_.notify_all();
        }
    }

    std::shared_ptr<Subscription> subscription_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<StreamMessage> messages_;
};

nlohmann::json json_of(const StreamMessage& m) {
    EXPECT_FALSE(m.is_binary());
    return nlohmann::json::parse(*m.payload);
}

std::uint64_t decode_time(const StreamMessage& m) {
    auto sample = media::test::read_fragment(
        {reinterpret_cast<const std::uint8_t*>(m.payload->data()), m.payload->size()});
    EXPECT_TRUE(sample.has_value());
    return sample ? sample->decode_time : 0;
}

class CameraTest : public ::testing::Test {
protected:
    CameraTest() {
        CameraConfig config;
        camera_ =
            std::make_shared<Camera>("cam", config, pool_.get_executor(), Camera::Clock::now());
    }
    ~CameraTest() override { pool_.join(); }

    // Sends one frame and waits until the camera has dealt with it, so no frame is dropped
    // for arriving while the previous one is still being encoded.
    void send(std::uint64_t source, const std::vector<std::uint8_t>& jpeg) {
        const auto before = handled();
        camera_->submit_jpeg(source, jpeg, Camera::Clock::now());
        const auto deadline = Camera::Clock::now() + 5s;
        while (handled() == before && Camera::Clock::now() < deadline) {
            std::this_thread::sleep_for(1ms);
        }
        std::this_thread::sleep_for(5ms);  // arrival clock must move on between frames
    }
    std::uint64_t handled() const {
        const auto s = camera_->snapshot();
        return s.frames_encoded + s.frames_rejected;
    }

    boost::asio::thread_pool pool_{2};
    std::shared_ptr<Camera> camera_;
    const std::vector<std::uint8_t> vga_ = media::test::make_jpeg(640, 480, TJSAMP_420);
    const std::vector<std::uint8_t> qvga_ = media::test::make_jpeg(320, 240, TJSAMP_422);
};

TEST_F(CameraTest, ViewerSeesOfflineThenOnlineInitAndFramesStartingAtAKeyframe) {
    RecordingViewer viewer;
    camera_->subscribe(viewer.subscription());
    auto messages = viewer.wait_for(1);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(json_of(messages[0])["state"], "offline");

    const auto source = camera_->attach_source([](std::uint16_t, std::string) {});
    for (int i = 0; i < 5; ++i) send(source, vga_);
    messages = viewer.wait_for(1 + 1 + 2 + 5);
    ASSERT_EQ(messages.size(), 9u);
    EXPECT_EQ(json_of(messages[1])["state"], "online");
    const auto init = json_of(messages[2]);
    EXPECT_EQ(init["type"], "init");
    EXPECT_EQ(init["camera"], "cam");
    EXPECT_EQ(init["width"], 640);
    EXPECT_EQ(init["height"], 480);
    EXPECT_TRUE(init["codec"].get<std::string>().starts_with("avc1.42"));
    EXPECT_EQ(messages[3].kind, StreamMessage::Kind::init_segment);
    EXPECT_TRUE(messages[4].keyframe);
    for (std::size_t i = 4; i < messages.size(); ++i) {
        EXPECT_EQ(messages[i].kind, StreamMessage::Kind::fragment);
        if (i > 4) {
            EXPECT_GT(decode_time(messages[i]), decode_time(messages[i - 1]));
        }
    }
    const auto stats = camera_->snapshot();
    EXPECT_EQ(stats.frames_received, 5u);
    EXPECT_EQ(stats.frames_encoded, 5u);
    EXPECT_EQ(stats.viewers, 1u);
}

TEST_F(CameraTest, ReconnectSendsANewInitAndTimestampsKeepGoingUp) {
    RecordingViewer viewer;
    camera_->subscribe(viewer.subscription());
    auto first = camera_->attach_source([](std::uint16_t, std::string) {});
    send(first, vga_);
    send(first, vga_);
    camera_->detach_source(first);
    auto second = camera_->attach_source([](std::uint16_t, std::string) {});
    send(second, vga_);
    // offline, online, init, moov, kf, f, offline, online, init, moov, kf
    auto messages = viewer.wait_for(11);
    ASSERT_EQ(messages.size(), 11u);
    EXPECT_EQ(json_of(messages[6])["state"], "offline");
    EXPECT_EQ(json_of(messages[7])["state"], "online");
    EXPECT_EQ(json_of(messages[8])["type"], "init");
    EXPECT_TRUE(messages[10].keyframe);
    EXPECT_GT(decode_time(messages[10]), decode_time(messages[5]));
}

TEST_F(CameraTest, SizeChangeSendsANewInitWithTheNewSize) {
    RecordingViewer viewer;
    camera_->subscribe(viewer.subscription());
    auto source = camera_->attach_source([](std::uint16_t, std::string) {});
    send(source, vga_);
    send(source, qvga_);
    // offline, online, init, moov, kf, init, moov, kf
    auto messages = viewer.wait_for(8);
    ASSERT_EQ(messages.size(), 8u);
    const auto init = json_of(messages[5]);
    EXPECT_EQ(init["width"], 320);
    EXPECT_EQ(init["height"], 240);
    EXPECT_TRUE(messages[7].keyframe);
    EXPECT_GT(decode_time(messages[7]), decode_time(messages[4]));
}

TEST_F(CameraTest, ASecondConnectionReplacesTheFirstWithoutANewInit) {
    RecordingViewer viewer;
    camera_->subscribe(viewer.subscription());
    std::promise<std::pair<std::uint16_t, std::string>> closed;
    auto first = camera_->attach_source([&](std::uint16_t code, std::string reason) {
        closed.set_value({code, reason});
    });
    send(first, vga_);
    auto second = camera_->attach_source([](std::uint16_t, std::string) {});
    auto future = closed.get_future();
    ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
    EXPECT_EQ(future.get(), std::make_pair(std::uint16_t{4000}, std::string("replaced")));
    camera_->detach_source(first);  // the old connection noticing it was closed changes nothing
    send(second, vga_);
    camera_->submit_jpeg(first, vga_, Camera::Clock::now());  // late frame of the old one
    send(second, vga_);
    // offline, online, init, moov, kf, then two frames of the second connection only
    auto messages = viewer.wait_for(7);
    std::this_thread::sleep_for(100ms);
    messages = viewer.wait_for(8, 10ms);
    ASSERT_EQ(messages.size(), 7u);
    for (std::size_t i = 4; i < 7; ++i) EXPECT_EQ(messages[i].kind, StreamMessage::Kind::fragment);
    EXPECT_TRUE(camera_->snapshot().connected);
}

TEST_F(CameraTest, BadFramesAreCountedByReasonAndGoodOnesAroundThemStillFlow) {
    RecordingViewer viewer;
    camera_->subscribe(viewer.subscription());
    auto source = camera_->attach_source([](std::uint16_t, std::string) {});
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
    auto messages = viewer.wait_for(2 + 2 + 4);
    ASSERT_EQ(messages.size(), 8u);
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

}  // namespace
}  // namespace camstream::stream
