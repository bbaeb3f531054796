// A real mock-camera obeying a real server's pace: unwatched it sends about one frame a
// second, a viewer joining brings it up to its own rate, the viewer leaving brings it down
// again; with --no-pacing it keeps its rate whatever the server says.
//
// Rates are frames the server received over a window that is a number of frames long (the
// counters are waited on, never a fixed sleep). The bands are wide: a loaded 2-core machine
// running sanitizer builds may stretch a 20 fps camera, not turn it into a 1 fps one.
#include <algorithm>
#include <cstdio>
#include <regex>
#include <thread>

#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr const char* kCamera = "paced";
constexpr int kCameraFps = 20;
constexpr double kIdleMaxFps = 3.0;     // the server's idle pace is 1 fps
constexpr double kWatchedMinFps = 10.0;  // the camera's own rate is 20 fps

class MockPacingTest : public ServerTest {
protected:
    // A short linger, so nothing here waits on the encoder's default 10 s.
    void SetUp() override { start({"--encoder-linger", "0.3"}); }

    void TearDown() override {
        if (mock_) {
            EXPECT_EQ(mock_->stop(), std::optional<int>(0)) << mock_->log();
            EXPECT_EQ(mock_->log().find("Sanitizer"), std::string::npos) << mock_->log();
        }
        ServerTest::TearDown();
    }

    void start_mock(const std::vector<std::string>& extra) {
        std::vector<std::string> args = {"--host",  "127.0.0.1", "--port",   std::to_string(port_),
                                         "--id",    kCamera,     "--fps",    std::to_string(kCameraFps),
                                         "--width", "320",       "--height", "240"};
        args.insert(args.end(), extra.begin(), extra.end());
        mock_ = std::make_unique<ChildProcess>(MOCK_CAMERA_BIN, args);
    }

    int frames_received() {
        const auto stats = camera_stats(kCamera);
        return stats.empty() ? 0 : stats["frames_received"].get<int>();
    }

    // Waits until the mock has logged `pattern` `count` times (its pace changes are logged).
    bool wait_for_log(const std::string& pattern, std::size_t count,
                      std::chrono::milliseconds timeout = 15s) {
        const std::regex re{pattern};
        const auto deadline = Clock::now() + timeout;
        for (;;) {
            const std::string log = mock_->log();
            const auto found = static_cast<std::size_t>(
                std::distance(std::sregex_iterator(log.begin(), log.end(), re), {}));
            if (found >= count) return true;
            if (Clock::now() >= deadline) return false;
            std::this_thread::sleep_for(20ms);
        }
    }

    // The server's received frame rate over the next `frames` frames, timed from one new
    // frame to the frame `frames` later; 0 if they did not all come within `timeout`.
    double received_fps(int frames, std::chrono::milliseconds timeout = 20s) {
        const auto deadline = Clock::now() + timeout;
        const int before = frames_received();
        int first = before;
        while ((first = frames_received()) == before) {
            if (Clock::now() >= deadline) return 0;
            std::this_thread::sleep_for(5ms);
        }
        const auto started = Clock::now();
        while (frames_received() < first + frames) {
            if (Clock::now() >= deadline) return 0;
            std::this_thread::sleep_for(5ms);
        }
        const std::chrono::duration<double> took = Clock::now() - started;
        const double fps = frames / std::max(took.count(), 1e-3);
        std::printf("received %d frames at %.2f fps\n", frames, fps);
        return fps;
    }

    std::unique_ptr<ChildProcess> mock_;
};

TEST_F(MockPacingTest, AnUnwatchedCameraSlowsDownAndSpeedsUpForAViewer) {
    start_mock({});
    // The server paces a camera as soon as it connects: nobody watches, 1 fps.
    ASSERT_TRUE(wait_for_log(R"(pace: 1 fps \(server\))", 1)) << mock_->log();
    const double idle = received_fps(3);
    EXPECT_GT(idle, 0) << "no frames while unwatched";
    EXPECT_LE(idle, kIdleMaxFps);

    {
        WsClient viewer(port_, std::string{"/ws/viewer/"} + kCamera);
        // The server allows more than the camera's own 20 fps; the camera keeps to its own.
        ASSERT_TRUE(wait_for_log(R"(pace: 20 fps \(configured)", 1)) << mock_->log();
        const double watched = received_fps(20);
        EXPECT_GE(watched, kWatchedMinFps);
        viewer.close();
    }

    ASSERT_TRUE(wait_for_log(R"(pace: 1 fps \(server\))", 2)) << mock_->log();
    const double left = received_fps(3);
    EXPECT_GT(left, 0) << "no frames after the viewer left";
    EXPECT_LE(left, kIdleMaxFps);
}

TEST_F(MockPacingTest, WithNoPacingTheCameraKeepsItsRateUnwatched) {
    start_mock({"--no-pacing"});
    // It heard the server ask for 1 fps and said it would not.
    ASSERT_TRUE(wait_for_log(R"(server asks 1 fps; ignored)", 1)) << mock_->log();
    const double unwatched = received_fps(20);
    EXPECT_GE(unwatched, kWatchedMinFps);
    EXPECT_EQ(camera_stats(kCamera)["encoding"], false);
}

}  // namespace
}  // namespace camstream::test
