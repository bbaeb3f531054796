// TLS end to end: a private CA and server certificate made here with the openssl command,
// camstream-server with --tls-cert/--tls-key, mock-camera over wss:// trusting that CA, a
// viewer over wss://, HLS over https:// in ffprobe, certificate reloads while a camera streams,
// and what happens to clients that do not speak TLS or do not trust the certificate.
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "media/mp4_playback.hpp"
#include "server_fixture.hpp"
#include "tls_client.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string program_path(const std::string& name) {
    for (const char* dir : {"/usr/bin/", "/usr/local/bin/", "/bin/"}) {
        if (std::filesystem::exists(std::string(dir) + name)) return std::string(dir) + name;
    }
    return {};
}

class TlsTest : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_FALSE(program_path("openssl").empty())
            << "the openssl command is missing (scripts/setup.sh --test installs it)";
        char pattern[] = "/tmp/camstream-tls-XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        dir_ = pattern;
        ca_ = dir_ + "/ca.pem";
        cert_ = dir_ + "/server.pem";
        key_ = dir_ + "/server.key";
        make_test_ca(dir_);
        make_server_certificate(dir_, "1001", cert_, key_);
        server_ = start_server({"--tls-cert", cert_, "--tls-key", key_}, port_, camera_port_);
        ASSERT_NE(port_, 0);
    }

    void TearDown() override {
        if (server_) {
            EXPECT_EQ(server_->stop(), std::optional<int>(0)) << server_->log();
            EXPECT_EQ(server_->log().find("Sanitizer"), std::string::npos) << server_->log();
        }
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    ChildProcess start_mock(const std::string& url, std::vector<std::string> extra) {
        std::vector<std::string> args = {"--url", url, "--ca-file", ca_};
        args.insert(args.end(), extra.begin(), extra.end());
        return ChildProcess(MOCK_CAMERA_BIN, args);
    }
    std::string camera_url(const std::string& id) const {
        return "wss://localhost:" + std::to_string(port_) + "/ws/camera/" + id;
    }

    nlohmann::json camera_stats(const std::string& id) {
        const auto body = nlohmann::json::parse(https_get(port_, "/api/cameras", ca_).body);
        for (const auto& camera : body["cameras"]) {
            if (camera["id"] == id) return camera;
        }
        return nlohmann::json::object();
    }
    template <typename Predicate>
    nlohmann::json wait_for_stats(const std::string& id, Predicate done,
                                  std::chrono::milliseconds timeout = 20s) {
        const auto deadline = Clock::now() + timeout;
        nlohmann::json stats = camera_stats(id);
        while (!done(stats) && Clock::now() < deadline) {
            std::this_thread::sleep_for(50ms);
            stats = camera_stats(id);
        }
        return stats;
    }
    static int received(const nlohmann::json& s) {
        return s.empty() ? 0 : s["frames_received"].get<int>();
    }

    // Waits until the server's log holds `text` after its first `from` characters; returns
    // the position just after it, or npos at the timeout.
    std::size_t wait_for_log(const std::string& text, std::size_t from = 0,
                             std::chrono::milliseconds timeout = 15s) {
        const auto deadline = Clock::now() + timeout;
        while (Clock::now() < deadline) {
            const std::string log = server_->log();
            const auto at = log.find(text, from);
            if (at != std::string::npos) return at + text.size();
            std::this_thread::sleep_for(50ms);
        }
        return std::string::npos;
    }

    std::string serial_served() { return TlsWsClient(port_, "/ws/events", ca_).peer_serial(); }

    std::string dir_, ca_, cert_, key_;
    std::unique_ptr<ChildProcess> server_;
    std::uint16_t port_ = 0;
    std::uint16_t camera_port_ = 0;
};

TEST_F(TlsTest, AMockCameraOverWssReachesAViewerOverWssAsDecodableH264) {
    TlsWsClient viewer(port_, "/ws/viewer/tls", ca_);
    auto first = viewer.read();
    ASSERT_TRUE(first);
    EXPECT_NE(first->data.find("\"offline\""), std::string::npos) << first->data;
    {
        auto mock = start_mock(camera_url("tls"), {"--frames", "40", "--fps", "20"});
        EXPECT_EQ(mock.wait(30s), std::optional<int>(0)) << mock.log();
    }
    const auto stats = wait_for_stats("tls", [](const nlohmann::json& s) {
        return !s.empty() && !s["connected"].get<bool>() &&
               s["frames_encoded"].get<int>() + s["frames_dropped"].get<int>() == 40;
    });
    ASSERT_FALSE(stats.empty());
    EXPECT_EQ(stats["frames_received"], 40);
    EXPECT_EQ(stats["frames_rejected"], 0);
    const int encoded = stats["frames_encoded"].get<int>();
    ASSERT_GT(encoded, 0);

    std::string file;
    int fragments = 0, inits = 0;
    const auto deadline = Clock::now() + 20s;
    while (fragments < encoded && Clock::now() < deadline) {
        auto message = viewer.read(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
        ASSERT_TRUE(message) << "got " << fragments << " of " << encoded << " fragments";
        if (!message->binary) continue;
        if (message->data.compare(4, 4, "ftyp") == 0) {
            ++inits;
        } else {
            ++fragments;
        }
        file += message->data;
    }
    EXPECT_EQ(inits, 1);
    const auto playback = media::test::play(std::vector<std::uint8_t>(file.begin(), file.end()));
    EXPECT_EQ(playback.width, 640);
    EXPECT_EQ(playback.height, 480);
    EXPECT_EQ(playback.frames, encoded);
    EXPECT_TRUE(playback.first_packet_key);
    std::printf("[ figures ] wss: %d JPEGs in, %d encoded, %d decoded from the wss viewer\n",
                stats["frames_received"].get<int>(), encoded, playback.frames);
}

TEST_F(TlsTest, TheCameraPortTakesWssCamerasByIpAddress) {
    auto mock = start_mock("wss://127.0.0.1:" + std::to_string(camera_port_) + "/ws/camera/cp",
                           {"--frames", "5", "--fps", "20"});
    EXPECT_EQ(mock.wait(30s), std::optional<int>(0)) << mock.log();
    const auto stats = wait_for_stats("cp", [](const auto& s) { return received(s) == 5; });
    EXPECT_EQ(received(stats), 5) << stats.dump();
}

TEST_F(TlsTest, ACameraRefusesACertificateItDoesNotTrust) {
    // No --ca-file: the system's CAs, which never signed the test CA.
    ChildProcess mock(MOCK_CAMERA_BIN,
                      {"--url", camera_url("untrusted"), "--duration", "2", "--fps", "10"});
    EXPECT_EQ(mock.wait(30s), std::optional<int>(0)) << mock.log();
    const std::string log = mock.log();
    EXPECT_NE(log.find("TLS: the certificate of localhost:" + std::to_string(port_) +
                       " is not trusted: unable to get local issuer certificate"),
              std::string::npos)
        << log;
    EXPECT_TRUE(camera_stats("untrusted").empty()) << "a camera connected without trusting";
}

TEST_F(TlsTest, PlainHttpToTheTlsPortIsClosedAndOthersCarryOn) {
    TlsWsClient viewer(port_, "/ws/viewer/plain", ca_);
    auto first = viewer.read();
    ASSERT_TRUE(first);
    EXPECT_NE(first->data.find("\"offline\""), std::string::npos) << first->data;

    for (std::uint16_t port : {port_, camera_port_}) {
        HttpConnection plain(port);
        plain.send_request("GET", "/healthz");
        EXPECT_TRUE(plain.wait_closed(10s)) << "plain HTTP to TLS port " << port;
    }
    EXPECT_EQ(https_get(port_, "/healthz", ca_).status, 200);
    // The viewer that was there all along still gets its camera.
    auto mock = start_mock(camera_url("plain"), {"--frames", "3", "--fps", "10"});
    auto next = viewer.read(20s);
    ASSERT_TRUE(next);
    EXPECT_NE(next->data.find("\"online\""), std::string::npos) << next->data;
    EXPECT_EQ(mock.wait(30s), std::optional<int>(0)) << mock.log();
}

TEST_F(TlsTest, FfprobeReadsHlsOverHttps) {
    const std::string ffprobe = program_path("ffprobe");
    ASSERT_FALSE(ffprobe.empty()) << "ffprobe is missing (scripts/setup.sh --test installs it)";
    auto mock = start_mock(camera_url("hls"), {"--fps", "15"});
    // The first request starts the camera's HLS; wait until two segments are listed.
    const auto deadline = Clock::now() + 30s;
    std::string playlist;
    while (Clock::now() < deadline) {
        const auto reply = https_get(port_, "/hls/hls/index.m3u8", ca_);
        playlist = reply.body;
        std::size_t segments = 0;
        for (auto at = playlist.find("#EXTINF:"); at != std::string::npos;
             at = playlist.find("#EXTINF:", at + 1)) {
            ++segments;
        }
        if (reply.status == 200 && segments >= 2) break;
        std::this_thread::sleep_for(200ms);
    }
    ChildProcess probe(
        ffprobe,
        {"-v", "error", "-ca_file", ca_, "-tls_verify", "1", "-count_frames", "-read_intervals",
         "%+3", "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "json",
         "https://localhost:" + std::to_string(port_) + "/hls/hls/index.m3u8"});
    std::string out;
    while (auto line = probe.wait_for_line(std::regex(".*"), 60s)) out += (*line)[0] + "\n";
    auto code = probe.wait(5s);
    if (!code) code = probe.stop(5s);
    ASSERT_EQ(code, std::optional<int>(0)) << "ffprobe: " << probe.log() << "\n" << out;
    const auto json = nlohmann::json::parse(out, nullptr, false);
    ASSERT_TRUE(!json.is_discarded() && json.contains("streams") && !json["streams"].empty())
        << out;
    const auto& stream = json["streams"][0];
    EXPECT_EQ(stream.value("codec_name", ""), "h264") << out;
    EXPECT_EQ(stream.value("width", 0), 640) << out;
    const int frames = std::stoi(stream.value("nb_read_frames", std::string("0")));
    EXPECT_GE(frames, 10) << out;
    std::printf("[ figures ] ffprobe read %d frames of HLS over https\n", frames);
}

TEST_F(TlsTest, ANewCertificateReachesNewConnectionsWhileAConnectedCameraStreamsOn) {
    auto mock = start_mock(camera_url("reload"), {"--fps", "10"});
    auto stats = wait_for_stats("reload", [](const auto& s) { return received(s) >= 5; });
    ASSERT_GE(received(stats), 5) << mock.log();
    EXPECT_EQ(serial_served(), "1001");

    // SIGHUP after the files were replaced.
    make_server_certificate(dir_, "2002", cert_, key_);
    std::size_t mark = server_->log().size();
    ASSERT_EQ(::kill(server_->pid(), SIGHUP), 0);
    ASSERT_NE(wait_for_log("SIGHUP: TLS certificate reloaded", mark), std::string::npos)
        << server_->log();
    EXPECT_EQ(serial_served(), "2002");

    // No signal: the server notices the files changed.
    make_server_certificate(dir_, "3003", cert_, key_);
    mark = server_->log().size();
    const auto at = wait_for_log("serial 3003", mark);
    ASSERT_NE(at, std::string::npos) << server_->log();
    EXPECT_EQ(serial_served(), "3003");

    // A key that does not belong to the certificate: refused, the last good pair stays.
    std::filesystem::copy_file(dir_ + "/ca.key", key_,
                               std::filesystem::copy_options::overwrite_existing);
    mark = server_->log().size();
    ASSERT_EQ(::kill(server_->pid(), SIGHUP), 0);
    ASSERT_NE(wait_for_log("TLS certificate not reloaded, still serving the previous one", mark),
              std::string::npos)
        << server_->log();
    EXPECT_EQ(serial_served(), "3003");

    // The camera connected before all this streams on, over its first connection.
    const int before = received(camera_stats("reload"));
    stats = wait_for_stats("reload", [&](const auto& s) { return received(s) >= before + 5; });
    EXPECT_GE(received(stats), before + 5) << mock.log();
    const std::string log = server_->log();
    const std::string connected = "camera reload connected from";
    const auto once = log.find(connected);
    ASSERT_NE(once, std::string::npos) << log;
    EXPECT_EQ(log.find(connected, once + 1), std::string::npos) << "the camera reconnected:\n"
                                                                << log;
}

}  // namespace
}  // namespace camstream::test
