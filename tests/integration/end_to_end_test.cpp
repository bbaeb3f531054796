// Real processes, real sockets: mock-camera -> camstream-server -> a WebSocket viewer, and the
// captured stream played back with the FFmpeg libraries.
#include <turbojpeg.h>

#include "media/mp4_boxes.hpp"
#include "media/mp4_playback.hpp"
#include "media/test_images.hpp"
#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;

std::vector<std::uint8_t> stream_file(const ViewerCapture& c, std::size_t init_index = 0) {
    std::vector<std::uint8_t> file(c.init_segments.at(init_index).begin(),
                                   c.init_segments.at(init_index).end());
    for (const auto& f : c.fragments) file.insert(file.end(), f.begin(), f.end());
    return file;
}

std::span<const std::uint8_t> bytes_of(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::uint64_t decode_time(const std::string& fragment) {
    auto sample = media::test::read_fragment(bytes_of(fragment));
    return sample ? sample->decode_time : 0;
}

ChildProcess start_mock(std::uint16_t port, const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"--host", "127.0.0.1", "--port", std::to_string(port)};
    args.insert(args.end(), extra.begin(), extra.end());
    return ChildProcess(MOCK_CAMERA_BIN, args);
}

TEST_F(ServerTest, MockCameraFramesReachAViewerAsDecodableH264) {
    WsClient viewer(port_, "/ws/viewer");
    expect_status(viewer, "offline");  // joined before the camera
    {
        ChildProcess mock(MOCK_CAMERA_BIN, {"--host", "127.0.0.1", "--port", std::to_string(port_),
                                            "--frames", "50", "--fps", "25"});
        EXPECT_EQ(mock.wait(30s), std::optional<int>(0)) << mock.log();
    }
    auto stats = wait_for_stats("default", [](const nlohmann::json& s) {
        return !s.empty() && !s["connected"].get<bool>() &&
               s["frames_encoded"].get<int>() + s["frames_dropped"].get<int>() == 50;
    });
    ASSERT_FALSE(stats.empty());
    EXPECT_EQ(stats["frames_received"], 50);
    EXPECT_EQ(stats["frames_rejected"], 0);
    const int encoded = stats["frames_encoded"].get<int>();
    EXPECT_GE(encoded, 40) << "the encoder dropped many frames: " << stats.dump();

    auto c = capture(viewer, static_cast<std::size_t>(encoded));
    ASSERT_EQ(c.fragments.size(), static_cast<std::size_t>(encoded));
    ASSERT_EQ(c.init_segments.size(), 1u);
    ASSERT_GE(c.order.size(), 4u);
    EXPECT_EQ(c.order[0], "text:status:online");
    EXPECT_EQ(c.order[1], "text:init");
    EXPECT_EQ(c.order[2], "init");
    EXPECT_EQ(c.texts[1]["width"], 640);
    EXPECT_EQ(c.texts[1]["height"], 480);
    EXPECT_EQ(c.texts[1]["camera"], "default");

    expect_jumps_only_on_keyframes(c.fragments);

    const auto playback = media::test::play(stream_file(c));
    EXPECT_EQ(playback.width, 640);
    EXPECT_EQ(playback.height, 480);
    EXPECT_EQ(playback.frames, encoded);
    EXPECT_TRUE(playback.first_packet_key);
    std::printf(
        "[ figures ] %d JPEGs in, %d encoded, %d dropped, %d decoded from the viewer's stream\n",
        stats["frames_received"].get<int>(), encoded, stats["frames_dropped"].get<int>(),
        playback.frames);
    // The camera left: the viewer is told, and stays connected.
    auto after = capture(viewer, 1, 3s);
    ASSERT_FALSE(after.order.empty());
    EXPECT_EQ(after.order[0], "text:status:offline");
}

TEST_F(ServerTest, ViewerStaysThroughACameraRestartAndTheTimelineGoesOn) {
    WsClient viewer(port_, "/ws/viewer/yard");
    expect_status(viewer, "offline");
    {
        auto first = start_mock(port_, {"--id", "yard", "--frames", "10"});
        ASSERT_EQ(first.wait(30s), std::optional<int>(0)) << first.log();
    }
    const auto stats = wait_for_stats(
        "yard", [](const nlohmann::json& s) { return !s.empty() && !s["connected"].get<bool>(); });
    const auto encoded = stats["frames_encoded"].get<std::size_t>();
    auto before = capture(viewer, encoded);
    ASSERT_EQ(before.fragments.size(), encoded);
    expect_status(viewer, "offline");  // the camera left

    auto second = start_mock(port_, {"--id", "yard", "--width", "320", "--height", "240"});
    auto after = capture(viewer, 5);
    ASSERT_EQ(after.fragments.size(), 5u);
    const std::vector<std::string> expected = {"text:status:online", "text:init", "init"};
    ASSERT_GE(after.order.size(), expected.size());
    EXPECT_EQ(std::vector<std::string>(after.order.begin(), after.order.begin() + 3), expected);
    EXPECT_EQ(after.texts[1]["width"], 320);
    EXPECT_EQ(after.texts[1]["height"], 240);

    // Decode timestamps never go back on one connection, so a browser keeps its SourceBuffer.
    EXPECT_GT(decode_time(after.fragments.front()), decode_time(before.fragments.back()));
    for (std::size_t i = 1; i < after.fragments.size(); ++i) {
        EXPECT_GT(decode_time(after.fragments[i]), decode_time(after.fragments[i - 1]));
    }
    const auto playback = media::test::play(stream_file(after));
    EXPECT_EQ(playback.width, 320);
    EXPECT_EQ(playback.height, 240);
    EXPECT_TRUE(playback.first_packet_key);
    EXPECT_EQ(second.stop(), std::optional<int>(0));
}

TEST_F(ServerTest, TwoCamerasByIdStayApart) {
    WsClient a_viewer(port_, "/ws/viewer/a");
    WsClient b_viewer(port_, "/ws/viewer/b");
    auto a = start_mock(port_, {"--id", "a", "--width", "320", "--height", "240"});
    auto b = start_mock(port_, {"--id", "b", "--width", "160", "--height", "120"});
    auto ca = capture(a_viewer, 10);
    auto cb = capture(b_viewer, 10);
    ASSERT_EQ(ca.init_segments.size(), 1u);
    ASSERT_EQ(cb.init_segments.size(), 1u);
    EXPECT_EQ(media::test::play(stream_file(ca)).width, 320);
    EXPECT_EQ(media::test::play(stream_file(cb)).width, 160);
    const auto status = nlohmann::json::parse(http_get(port_, "/status").body);
    EXPECT_EQ(status["camera_clients"], 2);
    EXPECT_EQ(status["viewer_clients"], 2);
    EXPECT_EQ(status["streaming"], true);
}

TEST_F(ServerTest, ASizeChangeMidStreamStartsANewInitOnTheSameConnections) {
    WsClient viewer(port_, "/ws/viewer");
    expect_status(viewer, "offline");
    WsClient camera(port_, "/ws/camera");
    const auto vga = media::test::make_jpeg(640, 480, TJSAMP_420, 80);
    const auto odd = media::test::make_jpeg(641, 361, TJSAMP_422, 80);  // cropped to 640x360
    send_and_wait(camera, "default", vga);
    send_and_wait(camera, "default", vga);
    send_and_wait(camera, "default", odd);
    send_and_wait(camera, "default", odd);
    auto c = capture(viewer, 4);
    const std::vector<std::string> expected = {
        "text:status:online", "text:init", "init", "frag", "frag",
        "text:init",          "init",      "frag", "frag"};
    EXPECT_EQ(c.order, expected);
    ASSERT_EQ(c.texts.size(), 3u);
    EXPECT_EQ(c.texts[2]["width"], 640);
    EXPECT_EQ(c.texts[2]["height"], 360);
    ViewerCapture second;
    second.init_segments = {c.init_segments.at(1)};
    second.fragments = {c.fragments.at(2), c.fragments.at(3)};
    const auto playback = media::test::play(stream_file(second));
    EXPECT_EQ(playback.height, 360);
    EXPECT_TRUE(playback.first_packet_key);
    EXPECT_GT(decode_time(c.fragments[2]), decode_time(c.fragments[1]));
}

TEST_F(ServerTest, TheCameraPortTakesCamerasOnAnyPath) {
    WsClient viewer(port_, "/ws/viewer");
    WsClient camera(camera_port_, "/");
    const auto jpeg = media::test::make_jpeg(320, 240, TJSAMP_422, 80);
    for (int i = 0; i < 3; ++i) send_and_wait(camera, "default", jpeg);
    auto c = capture(viewer, 3);
    ASSERT_EQ(c.fragments.size(), 3u);
    EXPECT_EQ(media::test::play(stream_file(c)).frames, 3);
}

class RareKeyframeTest : public ServerTest {
protected:
    // Periodic keyframes a minute apart: a late viewer gets one only if joining asks for it.
    void SetUp() override { start({"--keyframe-interval", "60"}); }
};

TEST_F(RareKeyframeTest, ALateViewerStartsAtAFreshKeyframe) {
    auto mock = start_mock(port_, {"--fps", "25"});
    wait_for_stats("default", [](const nlohmann::json& s) {
        return !s.empty() && s["frames_encoded"].get<int>() > 60;  // well past the first keyframe
    });
    WsClient viewer(port_, "/ws/viewer");
    auto c = capture(viewer, 5);
    ASSERT_EQ(c.fragments.size(), 5u);
    EXPECT_EQ(c.order[0], "text:init");
    EXPECT_EQ(c.order[1], "init");
    const auto playback = media::test::play(stream_file(c));
    EXPECT_TRUE(playback.first_packet_key);
    EXPECT_EQ(playback.frames, 5);
}

}  // namespace
}  // namespace camstream::test
