// Viewers: refused before the upgrade when the path is wrong, and a viewer that never reads
// costs bounded memory and slows nobody else.
#include <turbojpeg.h>

#include <cstdlib>
#include <thread>

#include "media/bad_jpegs.hpp"
#include "media/mp4_playback.hpp"
#include "media/test_images.hpp"
#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;

TEST_F(ServerTest, BadViewerAndCameraPathsAreRefusedBeforeTheUpgrade) {
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/bad!id"), 400);
    EXPECT_EQ(upgrade_status(port_, "/ws/camera/" + std::string(65, 'x')), 400);
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/a%2Fb"), 400);
    EXPECT_EQ(upgrade_status(port_, "/ws/nothing"), 404);
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/ok-id_1"), 101);
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/"), 101);
}

class SlowViewerTest : public ServerTest {
protected:
    void SetUp() override {
        // Under AddressSanitizer freed memory sits in a quarantine (256 MiB by default), which
        // would hide whether the server holds on to frames; keep it small for this server.
        const char* asan = std::getenv("ASAN_OPTIONS");
        const std::string options = std::string(asan ? asan : "") + ":quarantine_size_mb=16";
        ::setenv("ASAN_OPTIONS", options.c_str(), 1);
        // The stalled viewer cannot answer pings nor take a message (it reads nothing): keep
        // it connected, to see what it costs.
        start({"--idle-timeout", "600", "--write-deadline", "600"});
        if (asan) {
            ::setenv("ASAN_OPTIONS", asan, 1);
        } else {
            ::unsetenv("ASAN_OPTIONS");
        }
    }
};

TEST_F(SlowViewerTest, AViewerThatNeverReadsSkipsAheadAndOthersGetEveryFrame) {
    // Noise compresses badly: big frames fill the stalled viewer's socket quickly.
    const auto noise_jpeg = [](int seed) {
        auto rgb = media::test::random_bytes(640 * 480 * 3, static_cast<std::uint32_t>(seed));
        tjhandle tj = tjInitCompress();
        unsigned char* out = nullptr;
        unsigned long size = 0;
        tjCompress2(tj, rgb.data(), 640, 0, 480, TJPF_RGB, &out, &size, TJSAMP_420, 95, 0);
        std::vector<std::uint8_t> jpeg(out, out + size);
        tjFree(out);
        tjDestroy(tj);
        return jpeg;
    };
    std::vector<std::vector<std::uint8_t>> frames;
    for (int i = 0; i < 4; ++i) frames.push_back(noise_jpeg(i + 1));

    WsClient stalled(port_, "/ws/viewer", 4096);  // connects, then never reads
    WsClient reader(port_, "/ws/viewer");
    WsClient camera(port_, "/ws/camera");
    send_and_wait(camera, "default", frames[0]);
    const long rss_start = server_->rss_kib();
    constexpr int kFrames = 200;
    ViewerCapture got;
    for (int i = 1; i < kFrames; ++i) {
        send_and_wait(camera, "default", frames[static_cast<std::size_t>(i) % frames.size()]);
        // The healthy viewer keeps up as a browser would.
        auto c = capture(reader, 1, 5s);
        got.fragments.insert(got.fragments.end(), c.fragments.begin(), c.fragments.end());
        got.init_segments.insert(got.init_segments.end(), c.init_segments.begin(),
                                 c.init_segments.end());
    }
    auto rest = capture(reader, static_cast<std::size_t>(kFrames) - got.fragments.size(), 10s);
    got.fragments.insert(got.fragments.end(), rest.fragments.begin(), rest.fragments.end());
    EXPECT_EQ(got.fragments.size(), static_cast<std::size_t>(kFrames));

    const auto stats = camera_stats("default");
    EXPECT_GT(stats["viewer_skips"].get<int>(), 0) << stats.dump();
    EXPECT_EQ(stats["frames_dropped"], 0);
    const std::string metrics = http_get(port_, "/metrics").body;
    EXPECT_NE(metrics.find("camstream_viewer_skips_total{camera=\"default\"} "), std::string::npos);
    // 200 frames of 352 KiB (70 MiB) went by; the stalled viewer may hold one queue's worth
    // (30 frames, 10 MiB) and the allocator some slack, not the lot.
    const long growth_mib = (server_->rss_kib() - rss_start) / 1024;
    EXPECT_LT(growth_mib, 45) << "server memory grew by " << growth_mib << " MiB";
    EXPECT_EQ(stats["viewers"], 2) << "the stalled viewer was dropped, so nothing was tested";
    std::printf("[ figures ] frame size %zu KiB, viewer skips %d, server RSS growth %ld MiB\n",
                frames[0].size() / 1024, stats["viewer_skips"].get<int>(), growth_mib);
}

}  // namespace
}  // namespace camstream::test
