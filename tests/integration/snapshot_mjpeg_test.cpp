// The camera's own JPEGs over plain HTTP: /api/cameras/<id>/snapshot.jpg (the latest good
// JPEG, byte for byte) and /api/cameras/<id>/mjpeg (a multipart stream of them), read with a
// raw HTTP client so the framing itself is what is checked.
#include <turbojpeg.h>

#include <atomic>
#include <map>
#include <thread>

#include "media/bad_jpegs.hpp"
#include "media/test_images.hpp"
#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;
using media::test::Bytes;

constexpr const char* kBoundary = "camstreamframe";
constexpr const char* kMultipart = "multipart/x-mixed-replace; boundary=camstreamframe";

Bytes compress(const std::vector<std::uint8_t>& rgb, int width, int height, int quality) {
    tjhandle tj = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long size = 0;
    tjCompress2(tj, rgb.data(), width, 0, height, TJPF_RGB, &out, &size, TJSAMP_420, quality, 0);
    Bytes jpeg(out, out + size);
    tjFree(out);
    tjDestroy(tj);
    return jpeg;
}

// The test picture with `n` written in its top row as black and white blocks, so every
// frame's JPEG differs and a part can be traced back to the frame it was.
Bytes numbered_jpeg(int n, int width = 320, int height = 240) {
    auto rgb = media::test::make_rgb(width, height);
    for (int bit = 0; bit < 20; ++bit) {
        const std::uint8_t v = ((n >> bit) & 1) ? 255 : 0;
        for (int y = 0; y < 16; ++y) {
            for (int x = bit * 16; x < bit * 16 + 16; ++x) {
                auto* p = &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
                p[0] = p[1] = p[2] = v;
            }
        }
    }
    return compress(rgb, width, height, 85);
}

// Noise compresses badly: big frames that fill a stalled client's socket quickly.
Bytes noise_jpeg(int seed) {
    return compress(media::test::random_bytes(640 * 480 * 3, static_cast<std::uint32_t>(seed)), 640,
                    480, 95);
}

std::string as_string(const Bytes& b) {
    return {b.begin(), b.end()};
}

// Frames the camera may send, and which one a received body is.
class Frames {
public:
    explicit Frames(std::vector<Bytes> frames) : frames_(std::move(frames)) {
        for (std::size_t i = 0; i < frames_.size(); ++i) index_[as_string(frames_[i])] = i;
    }
    const Bytes& operator[](std::size_t i) const { return frames_.at(i); }
    std::size_t size() const { return frames_.size(); }
    // -1 if the body is none of them (not byte-identical to any frame sent).
    long index_of(const std::string& body) const {
        const auto it = index_.find(body);
        return it == index_.end() ? -1 : static_cast<long>(it->second);
    }

private:
    std::vector<Bytes> frames_;
    std::map<std::string, std::size_t> index_;
};

Frames numbered_frames(int n) {
    std::vector<Bytes> frames;
    for (int i = 0; i < n; ++i) frames.push_back(numbered_jpeg(i));
    return Frames(std::move(frames));
}

// Sends frames[first], frames[first + 1], ... at about `fps` from its own thread, as a real
// camera would, until stop() or the last frame.
class PacedCamera {
public:
    PacedCamera(WsClient& camera, const Frames& frames, std::size_t first, int fps)
        : next_(first), thread_([this, &camera, &frames, fps] {
              const auto interval = std::chrono::microseconds(1'000'000 / fps);
              auto at = std::chrono::steady_clock::now();
              try {
                  while (!stop_ && next_ < frames.size()) {
                      camera.send_binary(frames[next_]);
                      ++next_;
                      at += interval;
                      std::this_thread::sleep_until(at);
                  }
              } catch (const std::exception& e) {
                  error_ = e.what();
              }
          }) {}
    ~PacedCamera() { stop(); }
    // The index after the last frame sent.
    std::size_t stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        EXPECT_EQ(error_, "") << "the camera could not send";
        return next_;
    }

private:
    std::atomic<bool> stop_{false};
    std::atomic<std::size_t> next_;
    std::string error_;
    std::thread thread_;
};

std::string snapshot_path(const std::string& id) {
    return "/api/cameras/" + id + "/snapshot.jpg";
}
std::string mjpeg_path(const std::string& id, const std::string& query = "") {
    return "/api/cameras/" + id + "/mjpeg" + query;
}

// Opens an MJPEG response and checks its head.
std::unique_ptr<HttpConnection> open_mjpeg(std::uint16_t port, const std::string& target,
                                           int receive_buffer_bytes = 0) {
    auto connection = std::make_unique<HttpConnection>(port, receive_buffer_bytes);
    connection->send_request("GET", target);
    const auto head = connection->read_head(10s);
    EXPECT_TRUE(head) << "no response head for " << target;
    if (head) {
        EXPECT_EQ(head->status, 200);
        EXPECT_EQ(head->field("content-type"), kMultipart);
        EXPECT_EQ(head->field("cache-control"), "no-store");
        EXPECT_FALSE(head->has("content-length")) << "a stream has no length";
    }
    return connection;
}

// A part as the MJPEG format says: image/jpeg, its length, and one of the camera's frames.
long expect_frame_part(const HttpConnection::Part& part, const Frames& frames) {
    EXPECT_EQ(part.fields.at("content-type"), "image/jpeg");
    EXPECT_EQ(part.fields.at("content-length"), std::to_string(part.body.size()));
    const long index = frames.index_of(part.body);
    EXPECT_GE(index, 0) << "a part of " << part.body.size()
                        << " bytes is none of the JPEGs the camera sent";
    return index;
}

class CameraJpegTest : public ServerTest {
protected:
    // consumers.mjpeg.<name> of a camera's /api/cameras entry, 0 while there is none.
    static std::size_t mjpeg_figure(const nlohmann::json& stats, const char* name) {
        const auto figure = nlohmann::json::json_pointer("/consumers/mjpeg/" + std::string(name));
        return stats.contains(figure) ? stats[figure].get<std::size_t>() : 0;
    }
    std::size_t mjpeg_clients(const std::string& id) {
        return mjpeg_figure(camera_stats(id), "connected");
    }
    // Polls /api/cameras until the camera has `n` MJPEG clients.
    bool wait_for_mjpeg_clients(const std::string& id, std::size_t n) {
        wait_for_stats(id,
                       [&](const nlohmann::json& s) { return mjpeg_figure(s, "connected") == n; });
        return mjpeg_figure(camera_stats(id), "connected") == n;
    }
    bool wait_until_offline(const std::string& id) {
        const auto stats = wait_for_stats(
            id, [](const nlohmann::json& s) { return !s.empty() && !s["connected"].get<bool>(); });
        return !stats.empty() && !stats["connected"].get<bool>();
    }
};
class SnapshotTest : public CameraJpegTest {};
class MjpegTest : public CameraJpegTest {};

TEST_F(SnapshotTest, IsTheLastGoodJpegAsReceivedAndRefusesWhatItCannotServe) {
    const auto unknown = http_request(port_, "GET", snapshot_path("cam"));
    EXPECT_EQ(unknown.head.status, 404);
    EXPECT_EQ(unknown.body, "no camera 'cam'\n");

    const Bytes first = numbered_jpeg(1);
    const Bytes last_good = numbered_jpeg(2, 640, 480);
    // Watched, so every frame is decoded: a damaged one is noticed. (Nobody watching, frames
    // are only checked from their headers and passed on; see OnDemandTest.)
    WsClient viewer(port_, "/ws/viewer/cam");
    WsClient camera(port_, "/ws/camera/cam");
    send_and_wait(camera, "cam", first);
    send_and_wait(camera, "cam", last_good);
    // A damaged frame after it is refused and does not replace the snapshot.
    send_and_wait(camera, "cam", media::test::corrupt_middle(last_good));
    ASSERT_EQ(camera_stats("cam")["frames_rejected"], 1);

    const auto snap = http_request(port_, "GET", snapshot_path("cam"));
    EXPECT_EQ(snap.head.status, 200);
    EXPECT_EQ(snap.head.field("content-type"), "image/jpeg");
    EXPECT_EQ(snap.head.field("cache-control"), "no-store");
    EXPECT_EQ(snap.head.field("content-length"), std::to_string(last_good.size()));
    EXPECT_TRUE(snap.body == as_string(last_good))
        << "snapshot of " << snap.body.size() << " bytes is not the camera's last good JPEG ("
        << last_good.size() << " bytes)";

    // HEAD: the same length, no body: the next response on the same connection parses.
    {
        HttpConnection connection(port_);
        connection.send_request("HEAD", snapshot_path("cam"));
        const auto head = connection.read_head();
        ASSERT_TRUE(head);
        EXPECT_EQ(head->status, 200);
        EXPECT_EQ(head->field("content-type"), "image/jpeg");
        EXPECT_EQ(head->field("content-length"), std::to_string(last_good.size()));
        connection.send_request("GET", snapshot_path("cam"));
        const auto again = connection.read_head();  // throws if HEAD's "body" came first
        ASSERT_TRUE(again);
        EXPECT_EQ(again->status, 200);
        const auto body = connection.read_exactly(last_good.size());
        ASSERT_TRUE(body);
        EXPECT_TRUE(*body == as_string(last_good));
    }

    for (const std::string& id :
         std::vector<std::string>{"bad%20id", "bad!id", std::string(65, 'x')}) {
        EXPECT_EQ(http_request(port_, "GET", snapshot_path(id)).head.status, 400) << id;
    }
    EXPECT_EQ(http_request(port_, "GET", snapshot_path(std::string(64, 'x'))).head.status, 404)
        << "64 characters is a valid id, just not one the server has seen";

    // The camera goes away: no stale picture, a 503 that says why.
    camera.close();
    ASSERT_TRUE(wait_until_offline("cam"));
    const auto offline = http_request(port_, "GET", snapshot_path("cam"));
    EXPECT_EQ(offline.head.status, 503);
    EXPECT_EQ(offline.body, "camera 'cam' is offline\n");

    // It comes back: the snapshot is its new picture.
    WsClient back(port_, "/ws/camera/cam");
    const Bytes after = numbered_jpeg(3);
    send_and_wait(back, "cam", after);
    EXPECT_TRUE(http_request(port_, "GET", snapshot_path("cam")).body == as_string(after));
}

TEST_F(MjpegTest, PartsAreTheCamerasOwnJpegsStartingWithTheLatestAtOnce) {
    const Frames frames = numbered_frames(60);
    WsClient camera(port_, "/ws/camera/cam");
    for (std::size_t i = 0; i < 3; ++i) send_and_wait(camera, "cam", frames[i]);

    // The camera is silent now: the first part must not wait for its next frame.
    auto mjpeg = open_mjpeg(port_, mjpeg_path("cam"));
    const auto first = mjpeg->read_part(kBoundary, 3s);
    ASSERT_TRUE(first) << "no first part while the camera was silent";
    EXPECT_EQ(expect_frame_part(*first, frames), 2) << "the first part is not the latest JPEG";

    // Then ~3 s of frames at 20 fps, read as they come, up to the last (which always gets
    // through: the server drops a frame only for a newer one).
    PacedCamera paced(camera, frames, 3, 20);
    const long last_sent = static_cast<long>(frames.size()) - 1;
    long previous = 2;
    std::size_t got = 0;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (previous != last_sent && std::chrono::steady_clock::now() < deadline) {
        auto part = mjpeg->read_part(kBoundary, 1s);
        if (!part) continue;
        const long index = expect_frame_part(*part, frames);
        EXPECT_GT(index, previous) << "parts went back in time";
        previous = index;
        ++got;
    }
    paced.stop();
    EXPECT_EQ(previous, last_sent) << "the camera's last frame never came out";
    EXPECT_GT(got, frames.size() / 2) << "a client that keeps up missed most frames";
    std::printf("[ figures ] a client that keeps up got %zu of %zu frames\n", got,
                frames.size() - 3);
}

TEST_F(MjpegTest, FpsCapsWhatThatClientGetsAndNoOneElse) {
    const Frames frames = numbered_frames(400);
    WsClient camera(port_, "/ws/camera/cam");
    send_and_wait(camera, "cam", frames[0]);
    PacedCamera paced(camera, frames, 1, 20);

    auto capped = open_mjpeg(port_, mjpeg_path("cam", "?fps=2"));
    auto uncapped = open_mjpeg(port_, mjpeg_path("cam"));
    ASSERT_TRUE(capped->read_part(kBoundary, 3s)) << "a capped client still gets a first part";
    ASSERT_TRUE(uncapped->read_part(kBoundary, 3s));
    int capped_parts = 0;
    int uncapped_parts = 0;
    const auto window = std::chrono::steady_clock::now() + 1s;
    while (std::chrono::steady_clock::now() < window) {
        if (auto part = capped->read_part(kBoundary, 5ms)) {
            expect_frame_part(*part, frames);
            ++capped_parts;
        }
        if (auto part = uncapped->read_part(kBoundary, 5ms)) {
            expect_frame_part(*part, frames);
            ++uncapped_parts;
        }
    }
    paced.stop();
    EXPECT_GE(capped_parts, 1) << "?fps=2 gave nothing in a second";
    EXPECT_LE(capped_parts, 4) << "?fps=2 with a camera at 20 fps";
    EXPECT_GT(uncapped_parts, 4) << "the cap reached a client that did not ask for it";
    std::printf("[ figures ] in 1 s: ?fps=2 client %d parts, uncapped client %d parts\n",
                capped_parts, uncapped_parts);
}

TEST_F(MjpegTest, RefusalsSayWhyAndHeadIsHeadersOnly) {
    const auto unknown = http_request(port_, "GET", mjpeg_path("nobody"));
    EXPECT_EQ(unknown.head.status, 404);
    EXPECT_EQ(unknown.body, "no camera 'nobody'\n");
    EXPECT_EQ(http_request(port_, "GET", mjpeg_path("bad%20id")).head.status, 400);
    EXPECT_EQ(http_request(port_, "GET", mjpeg_path(std::string(65, 'x'))).head.status, 400);

    WsClient camera(port_, "/ws/camera/cam");
    send_and_wait(camera, "cam", numbered_jpeg(1));
    for (const char* query : {"?fps=0", "?fps=-1", "?fps=abc", "?fps=", "?fps=2x", "?fps=1001"}) {
        const auto bad = http_request(port_, "GET", mjpeg_path("cam", query));
        EXPECT_EQ(bad.head.status, 400) << query;
        EXPECT_NE(bad.body.find("fps"), std::string::npos) << query << ": " << bad.body;
    }
    EXPECT_EQ(mjpeg_clients("cam"), 0u) << "a refused request left a consumer behind";

    {
        // HEAD: the stream's headers, no body, and no length that would claim an empty
        // stream; the connection then carries another request.
        HttpConnection connection(port_);
        connection.send_request("HEAD", mjpeg_path("cam"));
        const auto head = connection.read_head();
        ASSERT_TRUE(head);
        EXPECT_EQ(head->status, 200);
        EXPECT_EQ(head->field("content-type"), kMultipart);
        EXPECT_NE(head->field("content-length"), "0")
            << "HEAD says the stream is empty, which a GET would not";
        connection.send_request("GET", "/healthz");
        const auto next = connection.read_head();  // throws if a part came after HEAD
        ASSERT_TRUE(next);
        EXPECT_EQ(next->status, 200);
    }

    // A known id with no camera now: 503, whether it streamed before or only has viewers.
    camera.close();
    ASSERT_TRUE(wait_until_offline("cam"));
    const auto offline = http_request(port_, "GET", mjpeg_path("cam"));
    EXPECT_EQ(offline.head.status, 503);
    EXPECT_EQ(offline.body, "camera 'cam' is offline\n");
    WsClient viewer(port_, "/ws/viewer/lobby");
    expect_status(viewer, "offline");
    EXPECT_EQ(http_request(port_, "GET", mjpeg_path("lobby")).head.status, 503);
    EXPECT_EQ(http_request(port_, "HEAD", mjpeg_path("lobby")).head.status, 503);
}

TEST_F(MjpegTest, TheResponseWaitsWhileTheCameraIsAwayAndGoesOnWhenItReturns) {
    const Frames frames = numbered_frames(10);
    auto camera = std::make_unique<WsClient>(port_, "/ws/camera/cam");
    send_and_wait(*camera, "cam", frames[0]);
    auto mjpeg = open_mjpeg(port_, mjpeg_path("cam"));
    auto part = mjpeg->read_part(kBoundary);
    ASSERT_TRUE(part);
    EXPECT_EQ(expect_frame_part(*part, frames), 0);
    send_and_wait(*camera, "cam", frames[1]);
    part = mjpeg->read_part(kBoundary);
    ASSERT_TRUE(part);
    EXPECT_EQ(expect_frame_part(*part, frames), 1);

    camera->close();
    camera.reset();
    ASSERT_TRUE(wait_until_offline("cam"));
    // Still connected and counted, and nothing comes (no stale frame, no end of stream).
    EXPECT_EQ(mjpeg_clients("cam"), 1u);
    EXPECT_FALSE(mjpeg->read_part(kBoundary, 1s)) << "a part came while the camera was away";

    WsClient back(port_, "/ws/camera/cam");
    send_and_wait(back, "cam", frames[2]);
    part = mjpeg->read_part(kBoundary);
    ASSERT_TRUE(part) << "the response did not go on when the camera came back";
    EXPECT_EQ(expect_frame_part(*part, frames), 2);
    send_and_wait(back, "cam", frames[3]);
    part = mjpeg->read_part(kBoundary);
    ASSERT_TRUE(part);
    EXPECT_EQ(expect_frame_part(*part, frames), 3);
}

TEST_F(MjpegTest, AClientThatLeavesIsDroppedAndEveryoneElseGoesOn) {
    const Frames frames = numbered_frames(20);
    WsClient viewer(port_, "/ws/viewer/cam");
    expect_status(viewer, "offline");
    auto camera = std::make_unique<WsClient>(port_, "/ws/camera/cam");
    send_and_wait(*camera, "cam", frames[0]);

    // Leaves while frames flow.
    auto mjpeg = open_mjpeg(port_, mjpeg_path("cam"));
    ASSERT_TRUE(mjpeg->read_part(kBoundary));
    ASSERT_TRUE(wait_for_mjpeg_clients("cam", 1));
    mjpeg->close();
    for (std::size_t i = 1; i < 4; ++i) send_and_wait(*camera, "cam", frames[i]);
    EXPECT_TRUE(wait_for_mjpeg_clients("cam", 0)) << "the server kept a consumer for a gone client";
    auto c = capture(viewer, 4);
    EXPECT_EQ(c.fragments.size(), 4u) << "the WebSocket viewer missed frames";

    // Leaves while the camera is away: nothing is being written, so only reading notices.
    auto waiting = open_mjpeg(port_, mjpeg_path("cam"));
    ASSERT_TRUE(waiting->read_part(kBoundary));
    camera->close();
    camera.reset();
    ASSERT_TRUE(wait_until_offline("cam"));
    ASSERT_TRUE(wait_for_mjpeg_clients("cam", 1));
    waiting->close();
    EXPECT_TRUE(wait_for_mjpeg_clients("cam", 0))
        << "a client that left while the camera was away is still counted";

    EXPECT_EQ(http_get(port_, "/healthz").status, 200);
    WsClient back(port_, "/ws/camera/cam");
    for (std::size_t i = 4; i < 7; ++i) send_and_wait(back, "cam", frames[i]);
    c = capture(viewer, 3);
    EXPECT_EQ(c.fragments.size(), 3u) << "the viewer did not get the returning camera's frames";
}

TEST_F(MjpegTest, ASlowClientSkipsToTheNewestJpegAndSlowsNobody) {
    std::vector<Bytes> big;
    for (int i = 0; i < 40; ++i) big.push_back(noise_jpeg(i + 1));
    const Frames frames(std::move(big));

    WsClient viewer(port_, "/ws/viewer/cam");
    expect_status(viewer, "offline");
    WsClient camera(port_, "/ws/camera/cam");
    send_and_wait(camera, "cam", frames[0]);
    ASSERT_EQ(capture(viewer, 1).fragments.size(), 1u);

    // A client with a tiny window that reads its response head and then nothing: the first
    // part (hundreds of KiB) is stuck in the socket and what follows piles up at the server.
    auto stalled = open_mjpeg(port_, mjpeg_path("cam"), 4096);
    ASSERT_TRUE(wait_for_mjpeg_clients("cam", 1));
    std::size_t sent = 1;
    std::size_t viewer_frames = 1;
    const auto started = std::chrono::steady_clock::now();
    // Well inside the server's 10 s write timeout, which would end the stalled response.
    while (sent < frames.size() && std::chrono::steady_clock::now() - started < 4s) {
        send_and_wait(camera, "cam", frames[sent++]);
        viewer_frames += capture(viewer, 1, 5s).fragments.size();  // keeps up, as a browser
    }
    ASSERT_GE(sent, 6u) << "the camera could not send a handful of frames in 4 s";
    const auto stats =
        wait_for_stats("cam", [](const nlohmann::json& s) { return mjpeg_figure(s, "skips") > 0; });
    EXPECT_GT(mjpeg_figure(stats, "skips"), 0u) << stats.dump();
    EXPECT_EQ(stats["consumers"]["mjpeg"]["connected"], 1) << "the slow client was dropped";
    EXPECT_EQ(viewer_frames, sent) << "the WebSocket viewer was held back by the slow client";
    EXPECT_EQ(stats["frames_dropped"], 0);
    const std::string metrics = http_get(port_, "/metrics").body;
    EXPECT_NE(metrics.find("camstream_consumer_skips_total{camera=\"cam\",kind=\"mjpeg\"} " +
                           std::to_string(mjpeg_figure(stats, "skips"))),
              std::string::npos)
        << metrics;

    // Now it reads: whole JPEGs, in order, up to the newest, far fewer than were sent.
    long last = -1;
    std::size_t parts = 0;
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (last != static_cast<long>(sent) - 1 && std::chrono::steady_clock::now() < deadline) {
        auto part = stalled->read_part(kBoundary, 2s);
        if (!part) continue;
        const long index = expect_frame_part(*part, frames);
        EXPECT_GT(index, last) << "parts went back in time";
        last = index;
        ++parts;
    }
    EXPECT_EQ(last, static_cast<long>(sent) - 1) << "the slow client never got the newest JPEG";
    EXPECT_LT(parts, sent) << "the slow client got every frame: nothing was skipped";
    std::printf("[ figures ] %zu frames of ~%zu KiB sent; the stalled client then got %zu\n", sent,
                frames[0].size() / 1024, parts);
}

TEST_F(MjpegTest, ApiAndMetricsShowLinksAndConsumersByKind) {
    WsClient viewer(port_, "/ws/viewer/cam");
    expect_status(viewer, "offline");
    WsClient camera(port_, "/ws/camera/cam");
    send_and_wait(camera, "cam", numbered_jpeg(1));
    auto mjpeg = open_mjpeg(port_, mjpeg_path("cam"));
    ASSERT_TRUE(mjpeg->read_part(kBoundary));
    ASSERT_TRUE(wait_for_mjpeg_clients("cam", 1));

    const auto stats = camera_stats("cam");
    EXPECT_EQ(stats["hls"], "/hls/cam/index.m3u8");
    EXPECT_EQ(stats["mjpeg"], "/api/cameras/cam/mjpeg");
    EXPECT_EQ(stats["snapshot"], "/api/cameras/cam/snapshot.jpg");
    EXPECT_EQ(stats["consumers"]["mjpeg"]["connected"], 1) << stats.dump();
    EXPECT_EQ(stats["consumers"]["mjpeg"]["skips"], 0) << stats.dump();
    EXPECT_EQ(stats["consumers"]["websocket"]["connected"], 1) << stats.dump();
    EXPECT_EQ(stats["viewers"], 1) << "an MJPEG client is not a WebSocket viewer";
    // The links work as they are.
    EXPECT_EQ(http_request(port_, "GET", stats["snapshot"].get<std::string>()).head.status, 200);
    EXPECT_EQ(http_request(port_, "HEAD", stats["mjpeg"].get<std::string>()).head.status, 200);

    auto metrics = http_get(port_, "/metrics").body;
    EXPECT_NE(metrics.find("# TYPE camstream_consumers gauge"), std::string::npos);
    EXPECT_NE(metrics.find("# TYPE camstream_consumer_skips_total counter"), std::string::npos);
    EXPECT_NE(metrics.find("camstream_consumers{camera=\"cam\",kind=\"mjpeg\"} 1\n"),
              std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("camstream_consumers{camera=\"cam\",kind=\"websocket\"} 1\n"),
              std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("camstream_consumer_skips_total{camera=\"cam\",kind=\"mjpeg\"} 0\n"),
              std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("camstream_viewers{camera=\"cam\"} 1\n"), std::string::npos);

    mjpeg->close();
    ASSERT_TRUE(wait_for_mjpeg_clients("cam", 0));
    metrics = http_get(port_, "/metrics").body;
    EXPECT_NE(metrics.find("camstream_consumers{camera=\"cam\",kind=\"mjpeg\"} 0\n"),
              std::string::npos)
        << metrics;
}

TEST_F(MjpegTest, ServerShutdownEndsMjpegResponses) {
    WsClient camera(port_, "/ws/camera/cam");
    send_and_wait(camera, "cam", numbered_jpeg(1));
    auto mjpeg = open_mjpeg(port_, mjpeg_path("cam"));
    ASSERT_TRUE(mjpeg->read_part(kBoundary));
    ASSERT_TRUE(wait_for_mjpeg_clients("cam", 1));
    EXPECT_EQ(server_->stop(10s), std::optional<int>(0)) << server_->log();
    EXPECT_TRUE(mjpeg->wait_closed(5s)) << "the MJPEG response outlived the server";
}

}  // namespace
}  // namespace camstream::test
