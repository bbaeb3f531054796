// Spending only what consumers need: a camera nobody watches is not encoded (its JPEGs are
// checked and kept), a viewer joining gets its first picture from the cached JPEG at once,
// the encoder stops a while after the last viewer left, and the camera is told the frame
// rate worth sending.
#include <turbojpeg.h>

#include "media/test_images.hpp"
#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

class OnDemandTest : public ServerTest {
protected:
    void SetUp() override { start({"--encoder-linger", "0.5"}); }

    // The next pace message the server sent the camera.
    nlohmann::json next_pace(WsClient& camera) {
        for (;;) {
            auto message = camera.read(10s);
            if (!message) return {};
            if (message->binary) continue;
            auto json = nlohmann::json::parse(message->data);
            if (json["type"] == "pace") return json;
        }
    }
};

TEST_F(OnDemandTest, AnUnwatchedCameraIsCheckedAndKeptButNotEncoded) {
    const Bytes frame = media::test::make_jpeg(320, 240, TJSAMP_420);
    WsClient camera(port_, "/ws/camera/cam");
    for (int i = 0; i < 3; ++i) send_and_wait(camera, "cam", frame);
    const auto stats = camera_stats("cam");
    EXPECT_EQ(stats["frames_unwatched"], 3);
    EXPECT_EQ(stats["frames_encoded"], 0);
    EXPECT_EQ(stats["encoding"], false);
    EXPECT_EQ(stats["width"], 320);  // from the JPEG's header
    const auto snapshot = http_get(port_, "/api/cameras/cam/snapshot.jpg");
    EXPECT_EQ(snapshot.status, 200);
    EXPECT_EQ(snapshot.body, std::string(frame.begin(), frame.end()));
    // A bad header is still refused with its reason.
    send_and_wait(camera, "cam", Bytes{0x89, 'P', 'N', 'G', 0, 0, 0, 0});
    EXPECT_EQ(camera_stats("cam")["rejected_by_reason"]["not_jpeg"], 1);
}

TEST_F(OnDemandTest, AJoiningViewerGetsTheCachedJpegAsItsFirstPictureWithoutANewFrame) {
    const Bytes frame = media::test::make_jpeg(320, 240, TJSAMP_420);
    WsClient camera(port_, "/ws/camera/cam");
    send_and_wait(camera, "cam", frame);
    ASSERT_EQ(camera_stats("cam")["frames_encoded"], 0);

    // The camera sends nothing more: what the viewer gets comes from the cached JPEG.
    WsClient viewer(port_, "/ws/viewer/cam");
    const ViewerCapture got = capture(viewer, 1, 10s);
    ASSERT_EQ(got.fragments.size(), 1u);
    ASSERT_FALSE(got.texts.empty());
    EXPECT_EQ(got.texts.back()["type"], "init");
    EXPECT_EQ(got.texts.back()["width"], 320);
    ASSERT_EQ(got.init_segments.size(), 1u);
    const auto stats = camera_stats("cam");
    EXPECT_EQ(stats["frames_encoded"], 1);
    EXPECT_EQ(stats["frames_received"], 1);
    EXPECT_EQ(stats["encoding"], true);
}

TEST_F(OnDemandTest, TheEncoderStopsAfterTheLastViewerLeavesAndTheLinger) {
    const Bytes frame = media::test::make_jpeg(320, 240, TJSAMP_420);
    WsClient camera(port_, "/ws/camera/cam");
    {
        WsClient viewer(port_, "/ws/viewer/cam");
        send_and_wait(camera, "cam", frame);
        send_and_wait(camera, "cam", frame);
        EXPECT_GE(camera_stats("cam")["frames_encoded"].get<int>(), 2);
        viewer.close();
    }
    // Within the linger frames are still encoded; after it they are not, and the encoder is
    // released (no codec, not encoding).
    const auto stats = wait_for_stats(
        "cam",
        [&](const nlohmann::json& s) {
            if (!s["encoding"].get<bool>() && s["frames_unwatched"].get<int>() > 0) return true;
            send_and_wait(camera, "cam", frame);
            return false;
        },
        15s);
    EXPECT_EQ(stats["encoding"], false);
    EXPECT_GT(stats["frames_unwatched"].get<int>(), 0);
    EXPECT_EQ(stats["codec"], "");
}

TEST_F(OnDemandTest, TheCameraIsToldTheRateWorthSending) {
    WsClient camera(port_, "/ws/camera/cam");
    auto pace = next_pace(camera);
    EXPECT_EQ(pace["fps"], 1) << pace.dump();
    EXPECT_FALSE(pace.contains("now"));
    {
        WsClient viewer(port_, "/ws/viewer/cam");
        pace = next_pace(camera);
        EXPECT_EQ(pace["fps"], 30) << pace.dump();
        EXPECT_EQ(pace["now"], true);
        viewer.close();
        pace = next_pace(camera);
        EXPECT_EQ(pace["fps"], 1) << pace.dump();
    }
    // An MJPEG client is a consumer too.
    send_and_wait(camera, "cam", media::test::make_jpeg(320, 240, TJSAMP_420));
    HttpConnection mjpeg(port_);
    mjpeg.send_request("GET", "/api/cameras/cam/mjpeg");
    pace = next_pace(camera);
    EXPECT_EQ(pace["fps"], 30) << pace.dump();
}

class NoPacingTest : public OnDemandTest {
protected:
    void SetUp() override { start({"--no-pacing"}); }
};

TEST_F(NoPacingTest, NothingIsSentToTheCamera) {
    WsClient camera(port_, "/ws/camera/cam");
    WsClient viewer(port_, "/ws/viewer/cam");
    send_and_wait(camera, "cam", media::test::make_jpeg(320, 240, TJSAMP_420));
    // The viewer got its picture, so the server has had every chance to speak by now.
    EXPECT_EQ(capture(viewer, 1, 10s).fragments.size(), 1u);
    EXPECT_FALSE(camera.read(300ms)) << "the camera was sent a message";
}

}  // namespace
}  // namespace camstream::test
