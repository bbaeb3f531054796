// A viewer that stops reading is closed once one message has waited the write deadline, even
// while it keeps pinging (keep-alive pings prove it is there, not that it reads), and nobody
// else notices: the other viewer of the same camera keeps getting every frame.
#include <turbojpeg.h>

#include <chrono>
#include <regex>

#include "media/bad_jpegs.hpp"
#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<std::uint8_t>;

// Noise compresses badly: frames big enough to fill a stalled viewer's socket in a few.
Bytes noise_jpeg(int seed) {
    const auto rgb = media::test::random_bytes(320 * 240 * 3, static_cast<std::uint32_t>(seed));
    tjhandle tj = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long size = 0;
    tjCompress2(tj, rgb.data(), 320, 0, 240, TJPF_RGB, &out, &size, TJSAMP_420, 95, 0);
    Bytes jpeg(out, out + size);
    tjFree(out);
    tjDestroy(tj);
    return jpeg;
}

// camstream_viewers_closed_total{kind=<kind>,reason="write_deadline"}, -1 if not listed.
long closed_for_write_deadline(std::uint16_t port, const std::string& kind) {
    const std::string metrics = http_get(port, "/metrics").body;
    const std::regex line("camstream_viewers_closed_total\\{kind=\"" + kind +
                          "\",reason=\"write_deadline\"\\} (\\d+)");
    std::smatch match;
    if (!std::regex_search(metrics, match, line)) return -1;
    return std::stol(match[1]);
}

class WriteDeadlineTest : public ServerTest {
protected:
    // A short deadline; the idle timeout stays long, so only the deadline can close the
    // stalled viewer.
    void SetUp() override { start({"--write-deadline", "1", "--idle-timeout", "600"}); }
};

TEST_F(WriteDeadlineTest, AViewerThatStopsReadingIsClosedWhileTheOtherWatchesOn) {
    std::vector<Bytes> frames;
    for (int i = 0; i < 4; ++i) frames.push_back(noise_jpeg(i + 1));
    EXPECT_EQ(closed_for_write_deadline(port_, "websocket"), 0);

    WsClient stalled(port_, "/ws/viewer/cam", 4096);  // upgrades, then never reads
    WsClient reader(port_, "/ws/viewer/cam");
    expect_status(reader, "offline");
    WsClient camera(port_, "/ws/camera/cam");
    const auto stats = [&] { return camera_stats("cam"); };

    std::size_t sent = 0;
    std::size_t received = 0;
    bool stalled_connected = true;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    // Frames until the stalled viewer is gone: its pings keep arriving all the while.
    while (std::chrono::steady_clock::now() < deadline) {
        stalled_connected = stalled.send_ping() && stalled_connected;
        send_and_wait(camera, "cam", frames[sent++ % frames.size()]);
        received += capture(reader, 1, 10s).fragments.size();
        if (closed_for_write_deadline(port_, "websocket") > 0 && stats()["viewers"] == 1) break;
    }
    EXPECT_EQ(closed_for_write_deadline(port_, "websocket"), 1);
    EXPECT_EQ(stats()["viewers"], 1) << "the stalled viewer is still counted";
    EXPECT_NE(server_->log().find("not taken in 1000 ms; closing"), std::string::npos)
        << server_->log();
    // The server reset the connection: the stalled client's pings fail now.
    bool reset = !stalled_connected;
    const auto reset_deadline = std::chrono::steady_clock::now() + 10s;
    while (!reset && std::chrono::steady_clock::now() < reset_deadline) {
        reset = !stalled.send_ping();
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(reset) << "the stalled viewer's connection is still open";

    // The reader goes on getting every frame.
    for (int i = 0; i < 5; ++i) {
        send_and_wait(camera, "cam", frames[sent++ % frames.size()]);
        received += capture(reader, 1, 10s).fragments.size();
    }
    EXPECT_EQ(received, sent);
    EXPECT_EQ(stats()["frames_dropped"], 0);
    EXPECT_EQ(closed_for_write_deadline(port_, "mjpeg"), 0);
    std::printf("[ figures ] %zu frames of ~%zu KiB before the stalled viewer was closed\n",
                sent - 5, frames[0].size() / 1024);
}

TEST_F(WriteDeadlineTest, AnMjpegClientThatStopsReadingIsClosed) {
    std::vector<Bytes> frames;
    for (int i = 0; i < 4; ++i) frames.push_back(noise_jpeg(i + 1));
    WsClient camera(port_, "/ws/camera/cam");
    send_and_wait(camera, "cam", frames[0]);
    HttpConnection stalled(port_, 4096);
    stalled.send_request("GET", "/api/cameras/cam/mjpeg");
    ASSERT_TRUE(stalled.read_head(10s));  // then reads nothing more
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    std::size_t sent = 1;
    while (closed_for_write_deadline(port_, "mjpeg") == 0 &&
           std::chrono::steady_clock::now() < deadline) {
        send_and_wait(camera, "cam", frames[sent++ % frames.size()]);
    }
    EXPECT_EQ(closed_for_write_deadline(port_, "mjpeg"), 1);
    const auto mjpeg_clients = [](const nlohmann::json& s) {
        return s.value(nlohmann::json::json_pointer("/consumers/mjpeg/connected"), 0);
    };
    const auto gone =
        wait_for_stats("cam", [&](const nlohmann::json& s) { return mjpeg_clients(s) == 0; });
    EXPECT_EQ(mjpeg_clients(gone), 0) << gone.dump();
    EXPECT_NE(server_->log().find("a frame not taken in 1000 ms; closing"), std::string::npos);
}

}  // namespace
}  // namespace camstream::test
