// Fair sharing of the media pool: the budget arithmetic, and two cameras on one media thread
// where one sends expensive frames as fast as it can.
#include "stream/detail/media_budget.hpp"

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <boost/asio/thread_pool.hpp>
#include <thread>

#include "media/test_images.hpp"
#include "stream/detail/camera.hpp"

namespace camstream::stream {
namespace {

using namespace std::chrono_literals;
using Clock = MediaBudget::Clock;

TEST(MediaShareTest, ThePoolIsDividedBetweenTheCamerasConnectedNow) {
    MediaShare share(2, 0ms);
    EXPECT_EQ(share.per_camera_per_second(), 2s);  // nobody connected: as if one
    share.camera_connected();
    EXPECT_EQ(share.per_camera_per_second(), 2s);
    for (int i = 0; i < 3; ++i) share.camera_connected();
    EXPECT_EQ(share.per_camera_per_second(), 500ms);
    share.camera_disconnected();
    EXPECT_EQ(share.per_camera_per_second(), std::chrono::nanoseconds(2s) / 3);
}

TEST(MediaShareTest, AFixedBudgetIgnoresTheCount) {
    MediaShare share(2, 40ms);
    for (int i = 0; i < 10; ++i) share.camera_connected();
    EXPECT_EQ(share.per_camera_per_second(), 40ms);
}

TEST(MediaBudgetTest, StartsWithASecondsShareAndRefusesOnceItIsSpent) {
    MediaBudget budget;
    const auto t0 = Clock::time_point() + 100s;
    ASSERT_TRUE(budget.allows(t0, 100ms));
    budget.spend(60ms);
    EXPECT_TRUE(budget.allows(t0, 100ms));
    budget.spend(60ms);  // 20 ms over
    EXPECT_FALSE(budget.allows(t0, 100ms));
    // 100 ms per second refills 20 ms in 200 ms: still not above zero, then above.
    EXPECT_FALSE(budget.allows(t0 + 200ms, 100ms));
    EXPECT_TRUE(budget.allows(t0 + 210ms, 100ms));
}

TEST(MediaBudgetTest, AnIdleCameraSavesAtMostOneSecondsShare) {
    MediaBudget budget;
    const auto t0 = Clock::time_point() + 100s;
    ASSERT_TRUE(budget.allows(t0, 100ms));
    ASSERT_TRUE(budget.allows(t0 + 1h, 100ms));
    EXPECT_EQ(budget.credit(), 100ms);
    budget.spend(150ms);
    EXPECT_FALSE(budget.allows(t0 + 1h, 100ms));
}

// Discards what it receives: an H.264 viewer, so frames are decoded and encoded.
struct DiscardingViewer {
    std::shared_ptr<Consumer> consumer = std::make_shared<Consumer>(ConsumerOptions{}, [this] {
        while (consumer->pop()) {
        }
    });
};

TEST(MediaBudgetTest, ACameraOverItsShareIsRefusedWhileItsNeighbourKeepsEveryFrame) {
    boost::asio::thread_pool pool(1);  // one media thread: the cameras compete for it
    auto share = std::make_shared<MediaShare>(1, 150ms);
    const auto epoch = Camera::Clock::now();
    auto hostile = std::make_shared<Camera>("hostile", StreamConfig{}, pool.get_executor(), epoch,
                                            nullptr, share);
    auto good = std::make_shared<Camera>("good", StreamConfig{}, pool.get_executor(), epoch,
                                         nullptr, share);
    DiscardingViewer hostile_viewer, good_viewer;
    hostile->add_consumer(hostile_viewer.consumer);
    good->add_consumer(good_viewer.consumer);
    const auto hostile_source = hostile->attach_source([] {});
    const auto good_source = good->attach_source([] {});

    // The hostile camera floods large frames from its own thread; the good one sends a small
    // frame every 40 ms, each after the last was handled, so none waits behind its own.
    const auto big = media::share(media::test::make_jpeg(1920, 1080, TJSAMP_444));
    const auto small = media::share(media::test::make_jpeg(160, 120, TJSAMP_420));
    std::atomic<bool> flooding{true};
    std::thread flood([&] {
        while (flooding) {
            hostile->submit_jpeg(hostile_source, big, Camera::Clock::now());
            std::this_thread::sleep_for(1ms);
        }
    });
    constexpr int good_frames = 40;
    for (int i = 0; i < good_frames; ++i) {
        const auto before = good->snapshot().frames_encoded + good->snapshot().frames_rejected;
        good->submit_jpeg(good_source, small, Camera::Clock::now());
        const auto deadline = Camera::Clock::now() + 10s;
        while (good->snapshot().frames_encoded + good->snapshot().frames_rejected == before &&
               Camera::Clock::now() < deadline) {
            std::this_thread::sleep_for(1ms);
        }
        std::this_thread::sleep_for(40ms);
    }
    flooding = false;
    flood.join();
    pool.join();

    // Without any budget the good camera would keep every frame too (it waits for each); what
    // this half catches is a budget that charges the wrong camera, such as one pot for all,
    // which refuses the good camera's frames along with the hostile one's. The hostile half
    // fails without a budget.
    const auto g = good->snapshot();
    EXPECT_EQ(g.frames_encoded, static_cast<std::uint64_t>(good_frames));
    EXPECT_EQ(g.frames_rejected, 0u);
    EXPECT_EQ(g.frames_dropped, 0u);
    auto h = hostile->snapshot();
    EXPECT_GT(h.rejected_by_reason["over_media_budget"], 0u);
    EXPECT_GT(h.frames_encoded, 0u);  // it still gets its share
}

}  // namespace
}  // namespace camstream::stream
