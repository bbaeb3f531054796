// Running out of memory in the middle of a camera's work costs that connection or that frame,
// never the server or another camera: the fault points compiled into the test build throw
// std::bad_alloc where the environment says (see src/stream/fault_point.hpp).
#include <turbojpeg.h>

#include <cstdlib>

#include "media/test_images.hpp"
#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

class FaultInjectionTest : public ServerTest {
protected:
    void SetUp() override {}  // each test names its fault before starting the server
    void start_with_faults(const char* faults) {
        ::setenv("CAMSTREAM_FAULTS", faults, 1);  // inherited by the server process only
        start({});
        ::unsetenv("CAMSTREAM_FAULTS");
    }
};

TEST_F(FaultInjectionTest, AFailedCameraReadTakesThatCameraOfflineAndNothingElse) {
    start_with_faults("camera_read=5");  // counted over every camera's reads
    const Bytes frame = media::test::make_jpeg(320, 240, TJSAMP_420);
    WsClient viewer(port_, "/ws/viewer/good");
    WsClient good(port_, "/ws/camera/good");
    send_and_wait(good, "good", frame);  // read 1

    WsClient bad(port_, "/ws/camera/bad");  // reads 2-4, and 5 throws
    for (int i = 0; i < 3; ++i) send_and_wait(bad, "bad", frame);
    bad.send_binary(frame);  // its read throws: the session ends without finishing normally
    const auto gone = wait_for_stats("bad", [](const auto& s) { return s["connected"] == false; });
    EXPECT_EQ(gone["connected"], false) << "a camera whose session failed must go offline";
    EXPECT_EQ(gone["frames_received"], 3);

    // The other camera and its viewer go on, and so does the server.
    for (int i = 0; i < 3; ++i) send_and_wait(good, "good", frame);
    const ViewerCapture got = capture(viewer, 4, 10s);
    EXPECT_EQ(got.fragments.size(), 4u);
    EXPECT_EQ(http_get(port_, "/healthz").status, 200);

    // The failed camera can come back.
    WsClient again(port_, "/ws/camera/bad");
    send_and_wait(again, "bad", frame);
    const auto back = wait_for_stats("bad", [](const auto& s) { return s["connected"] == true; });
    EXPECT_EQ(back["connected"], true);
    EXPECT_EQ(back["frames_received"], 4);
}

TEST_F(FaultInjectionTest, AFrameThatFailsInTheHubIsRefusedAndTheNextOnesAreEncoded) {
    start_with_faults("frame_task=2");
    const Bytes frame = media::test::make_jpeg(320, 240, TJSAMP_420);
    WsClient viewer(port_, "/ws/viewer/cam");
    WsClient camera(port_, "/ws/camera/cam");
    for (int i = 0; i < 4; ++i) send_and_wait(camera, "cam", frame);
    const auto stats = camera_stats("cam");
    EXPECT_EQ(stats["frames_received"], 4);
    EXPECT_EQ(stats["frames_encoded"], 3);
    EXPECT_EQ(stats["rejected_by_reason"]["internal_error"], 1);
    EXPECT_EQ(stats["connected"], true);
    const ViewerCapture got = capture(viewer, 3, 10s);
    EXPECT_EQ(got.fragments.size(), 3u);
    expect_jumps_only_on_keyframes(got.fragments);
}

}  // namespace
}  // namespace camstream::test
