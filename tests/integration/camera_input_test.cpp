// Bad input from a camera is refused with a reason, counted and logged, and disturbs nothing:
// the good frames around it, the same camera's connection, other cameras and viewers.
#include <turbojpeg.h>

#include "media/bad_jpegs.hpp"
#include "media/mp4_playback.hpp"
#include "media/test_images.hpp"
#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;
using media::test::Bytes;

std::vector<std::uint8_t> stream_file(const ViewerCapture& c) {
    std::vector<std::uint8_t> file(c.init_segments.at(0).begin(), c.init_segments.at(0).end());
    for (const auto& f : c.fragments) file.insert(file.end(), f.begin(), f.end());
    return file;
}

std::string metric_line(const std::string& metrics, const std::string& prefix) {
    const auto at = metrics.find(prefix);
    if (at == std::string::npos) return {};
    return metrics.substr(at, metrics.find('\n', at) - at);
}

class CameraInputTest : public ServerTest {
protected:
    void SetUp() override { start({"--max-message-size", "200000"}); }
};

TEST_F(CameraInputTest, EveryBadFrameIsRefusedWithItsReasonAndTheGoodOnesAllComeOut) {
    const Bytes good = media::test::make_jpeg(320, 240, TJSAMP_422, 80);
    struct Bad {
        const char* reason;
        Bytes bytes;
    };
    const std::vector<Bad> bad = {
        {"empty", {}},
        {"not_jpeg", media::test::random_bytes(5000, 7)},
        {"truncated", media::test::truncated_half(good)},
        {"corrupt", media::test::corrupt_middle(good)},
        {"not_jpeg", media::test::png_signature()},
        {"corrupt", media::test::soi_eoi_only()},
        {"too_large", media::test::claims_65535x65535(good)},
    };
    // A second camera streams throughout, with its own viewer, to show nothing leaks across.
    WsClient other_viewer(port_, "/ws/viewer/other");
    WsClient other(port_, "/ws/camera/other");
    WsClient viewer(port_, "/ws/viewer/cam");
    WsClient camera(port_, "/ws/camera/cam");
    send_and_wait(camera, "cam", good);
    send_and_wait(other, "other", good);
    for (const auto& b : bad) {
        send_and_wait(camera, "cam", b.bytes);
        send_and_wait(camera, "cam", good);
        send_and_wait(other, "other", good);
    }
    camera.send_text("hello from a confused camera");
    send_and_wait(camera, "cam", good);
    // A burst of bad frames (ESP32 WiFi drops come in runs) must not leave a gap in the
    // timeline that a browser would take for a discontinuity on a non-keyframe.
    for (int i = 0; i < 3; ++i) send_and_wait(camera, "cam", media::test::truncated_half(good));
    send_and_wait(camera, "cam", good);
    send_and_wait(camera, "cam", good);

    const std::size_t good_frames = 1 + bad.size() + 1 + 2;
    auto c = capture(viewer, good_frames);
    ASSERT_EQ(c.fragments.size(), good_frames);
    const auto playback = media::test::play(stream_file(c));
    EXPECT_EQ(playback.frames, static_cast<int>(good_frames));
    EXPECT_EQ(playback.width, 320);
    expect_jumps_only_on_keyframes(c.fragments);
    auto o = capture(other_viewer, 1 + bad.size());
    EXPECT_EQ(o.fragments.size(), 1 + bad.size());

    const auto stats = wait_for_stats("cam", [&](const nlohmann::json& s) {
        return s["frames_rejected"].get<std::size_t>() == bad.size() + 1 + 3;
    });
    EXPECT_EQ(stats["frames_rejected"], bad.size() + 1 + 3) << stats.dump();
    EXPECT_EQ(stats["frames_encoded"], good_frames);
    EXPECT_EQ(stats["connected"], true);
    EXPECT_EQ(camera_stats("other")["frames_rejected"], 0);

    const std::string metrics = http_get(port_, "/metrics").body;
    for (const auto& [reason, count] :
         std::vector<std::pair<std::string, int>>{{"empty", 1},
                                                  {"not_jpeg", 2},
                                                  {"truncated", 4},
                                                  {"corrupt", 2},
                                                  {"too_large", 1},
                                                  {"text_message", 1}}) {
        const std::string prefix =
            "camstream_frames_rejected_total{camera=\"cam\",reason=\"" + reason + "\"}";
        EXPECT_EQ(metric_line(metrics, prefix), prefix + " " + std::to_string(count)) << metrics;
        EXPECT_NE(server_->log().find("camera cam: frame refused (" + reason + ")"),
                  std::string::npos)
            << "no log line for " << reason << "\n"
            << server_->log();
    }
    // Once per reason per minute: the second corrupt frame is counted but not logged again.
    const std::string log = server_->log();
    std::size_t corrupt_lines = 0;
    for (auto at = log.find("frame refused (corrupt)"); at != std::string::npos;
         at = log.find("frame refused (corrupt)", at + 1)) {
        ++corrupt_lines;
    }
    EXPECT_EQ(corrupt_lines, 1u);
}

TEST_F(CameraInputTest, AMessageOverTheLimitClosesOnlyThatCameraWith1009) {
    const Bytes good = media::test::make_jpeg(320, 240, TJSAMP_420, 80);
    WsClient other(port_, "/ws/camera/other");
    WsClient camera(port_, "/ws/camera/cam");
    send_and_wait(camera, "cam", good);
    // Just over the limit: the whole message fits in the socket buffers, so the camera is
    // not cut off mid-write and hears the close code.
    EXPECT_EQ(camera.send_binary_expecting_close(Bytes(200001, 0xAB)), 1009);
    const auto stats =
        wait_for_stats("cam", [](const nlohmann::json& s) { return !s["connected"].get<bool>(); });
    EXPECT_EQ(stats["connected"], false);
    EXPECT_NE(server_->log().find("frame refused (message_too_big)"), std::string::npos);
    // The other camera and the server go on.
    // Nobody watches: good frames are checked and kept as JPEGs, not encoded.
    send_and_wait(other, "other", good);
    EXPECT_EQ(camera_stats("other")["frames_unwatched"], 1);
    WsClient again(port_, "/ws/camera/cam");
    send_and_wait(again, "cam", good);
    EXPECT_EQ(camera_stats("cam")["frames_unwatched"], 2);
}

TEST_F(ServerTest, ASecondCameraWithTheSameIdReplacesTheFirstWith4000) {
    const Bytes good = media::test::make_jpeg(320, 240, TJSAMP_420, 80);
    WsClient viewer(port_, "/ws/viewer/cam");
    expect_status(viewer, "offline");
    WsClient first(port_, "/ws/camera/cam");
    send_and_wait(first, "cam", good);
    WsClient second(port_, "/ws/camera/cam");
    EXPECT_EQ(first.read_until_closed(10s), 4000);
    send_and_wait(second, "cam", good);
    send_and_wait(second, "cam", good);
    auto c = capture(viewer, 3);
    ASSERT_EQ(c.fragments.size(), 3u);
    // Same size: one init for the whole time, no offline in between.
    EXPECT_EQ(c.init_segments.size(), 1u);
    EXPECT_EQ(std::count(c.order.begin(), c.order.end(), "text:status:offline"), 0);
    EXPECT_EQ(camera_stats("cam")["connected"], true);
}

}  // namespace
}  // namespace camstream::test
