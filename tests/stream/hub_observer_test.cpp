// The hub's observers: what a page's camera list is built from. A real hub with a real thread
// pool and real JPEGs; no sockets.
#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "media/test_images.hpp"
#include "stream/stream_hub.hpp"

namespace camstream::stream {
namespace {

using namespace std::chrono_literals;

// Records every event an observer is given.
class Recorder {
public:
    StreamHub::Observer observer() {
        return [this](const HubEvent& e) {
            std::lock_guard lock(mutex_);
            events_.push_back(e);
            cv_.notify_all();
        };
    }
    // Waits until an event satisfies `match`; returns whether one did.
    template <class Match>
    bool wait_for(Match match, std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, timeout,
                            [&] { return std::any_of(events_.begin(), events_.end(), match); });
    }
    // Waits until the latest event satisfies `match`.
    template <class Match>
    bool wait_for_latest(Match match, std::chrono::milliseconds timeout = 5s) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, timeout,
                            [&] { return !events_.empty() && match(events_.back()); });
    }
    std::vector<HubEvent> events() {
        std::lock_guard lock(mutex_);
        return events_;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<HubEvent> events_;
};

bool is(const HubEvent& e, const std::string& id, bool online, int width, int height) {
    return e.kind == HubEvent::Kind::changed && e.camera.id == id && e.camera.online == online &&
           e.camera.width == width && e.camera.height == height;
}

media::SharedBytes jpeg(int width, int height) {
    return media::share(media::test::make_jpeg(width, height, TJSAMP_420, 80));
}

class HubObserverTest : public ::testing::Test {
protected:
    ~HubObserverTest() override { pool_.join(); }
    boost::asio::thread_pool pool_{2};
    StreamHub hub_{StreamConfig{}, pool_.get_executor(), 2};
};

TEST_F(HubObserverTest, ACameraComingSendingResizingAndLeavingIsHeardInOrder) {
    Recorder recorder;
    auto subscription = hub_.subscribe(recorder.observer());
    auto camera = hub_.camera("a");
    // A new id is announced at once, offline with no size.
    ASSERT_TRUE(recorder.wait_for([](const HubEvent& e) { return is(e, "a", false, 0, 0); }));

    const auto source = camera->attach_source([] {});
    ASSERT_TRUE(recorder.wait_for([](const HubEvent& e) { return is(e, "a", true, 0, 0); }));
    // Nobody watches: the size comes from the JPEG header alone.
    camera->submit_jpeg(source, jpeg(320, 240), CameraStream::Clock::now());
    ASSERT_TRUE(recorder.wait_for([](const HubEvent& e) { return is(e, "a", true, 320, 240); }));
    camera->submit_jpeg(source, jpeg(641, 481), CameraStream::Clock::now());
    ASSERT_TRUE(recorder.wait_for([](const HubEvent& e) { return is(e, "a", true, 640, 480); }));
    camera->detach_source(source);
    ASSERT_TRUE(
        recorder.wait_for_latest([](const HubEvent& e) { return is(e, "a", false, 0, 0); }));

    const auto events = recorder.events();
    ASSERT_EQ(events.size(), 5u) << "one event per change, none for a frame that changed nothing";
    EXPECT_TRUE(is(events[0], "a", false, 0, 0));
    EXPECT_TRUE(is(events[1], "a", true, 0, 0));
    EXPECT_TRUE(is(events[2], "a", true, 320, 240));
    EXPECT_TRUE(is(events[3], "a", true, 640, 480));
    EXPECT_TRUE(is(events[4], "a", false, 0, 0));
}

TEST_F(HubObserverTest, AFrameOfTheSameSizeSaysNothing) {
    auto camera = hub_.camera("a");
    const auto source = camera->attach_source([] {});
    camera->submit_jpeg(source, jpeg(320, 240), CameraStream::Clock::now());
    // Known before subscribing: wait until the hub's figures have it.
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (camera->snapshot().width != 320 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);
    }
    Recorder recorder;
    auto subscription = hub_.subscribe(recorder.observer());
    for (int i = 0; i < 3; ++i) {
        camera->submit_jpeg(source, jpeg(320, 240), CameraStream::Clock::now());
        std::this_thread::sleep_for(20ms);
    }
    camera->detach_source(source);
    ASSERT_TRUE(recorder.wait_for([](const HubEvent& e) { return is(e, "a", false, 0, 0); }));
    EXPECT_EQ(recorder.events().size(), 1u);
}

TEST_F(HubObserverTest, AForgottenIdIsRemovedBeforeTheNewOneAppears) {
    Recorder recorder;
    auto subscription = hub_.subscribe(recorder.observer());
    hub_.camera("a");  // nobody keeps it: the hub may forget it
    auto b = hub_.camera("b");
    auto c = hub_.camera("c");  // the hub holds two ids: "a" makes room
    ASSERT_TRUE(c);
    ASSERT_TRUE(recorder.wait_for([](const HubEvent& e) { return is(e, "c", false, 0, 0); }));
    const auto events = recorder.events();
    ASSERT_EQ(events.size(), 4u);
    EXPECT_TRUE(is(events[0], "a", false, 0, 0));
    EXPECT_TRUE(is(events[1], "b", false, 0, 0));
    EXPECT_EQ(events[2].kind, HubEvent::Kind::removed);
    EXPECT_EQ(events[2].camera.id, "a");
    EXPECT_TRUE(is(events[3], "c", false, 0, 0));
    EXPECT_FALSE(hub_.find("a"));
}

TEST_F(HubObserverTest, NothingIsHeardAfterTheSubscriptionIsGone) {
    Recorder kept;
    Recorder dropped;
    auto keep = hub_.subscribe(kept.observer());
    {
        auto gone = hub_.subscribe(dropped.observer());
        hub_.camera("a");
    }
    hub_.camera("b");
    ASSERT_TRUE(kept.wait_for([](const HubEvent& e) { return is(e, "b", false, 0, 0); }));
    ASSERT_EQ(dropped.events().size(), 1u);
    EXPECT_EQ(dropped.events()[0].camera.id, "a");
}

TEST_F(HubObserverTest, AnObserverMayUnsubscribeItselfFromItsCallback) {
    HubSubscription subscription;
    int calls = 0;
    subscription = hub_.subscribe([&](const HubEvent&) {
        ++calls;
        subscription.reset();  // must neither deadlock nor be called again
    });
    hub_.camera("a");
    hub_.camera("b");
    EXPECT_EQ(calls, 1);
    EXPECT_FALSE(subscription);
}

TEST_F(HubObserverTest, AFailingObserverDoesNotStopTheOthers) {
    Recorder recorder;
    auto failing = hub_.subscribe([](const HubEvent&) { throw std::runtime_error("observer"); });
    auto working = hub_.subscribe(recorder.observer());
    auto camera = hub_.camera("a");
    const auto source = camera->attach_source([] {});
    EXPECT_TRUE(recorder.wait_for([](const HubEvent& e) { return is(e, "a", true, 0, 0); }));
    camera->detach_source(source);
    EXPECT_TRUE(
        recorder.wait_for_latest([](const HubEvent& e) { return is(e, "a", false, 0, 0); }));
}

}  // namespace
}  // namespace camstream::stream
