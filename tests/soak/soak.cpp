// The server under everything at once for --minutes N: 8 mock cameras (real mock-camera
// processes) watched by 50 viewers that come and go, beside hostile peers — a camera whose
// connection drops without a close and comes back, a camera id taken over every second,
// viewers that stop reading, bomb frames (a tiny JPEG declaring 4096x4096) and garbage — with
// /metrics and /api/cameras read every second. It fails (exit 1) on a crash, on memory or
// open descriptors still growing after warm-up, on a well-behaved camera losing a good frame,
// or on counters that do not add up; it prints its figures either way.
#include <signal.h>
#include <turbojpeg.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "media/bad_jpegs.hpp"
#include "media/test_images.hpp"
#include "ws_client.hpp"

namespace camstream::soak {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;
using test::ChildProcess;
using test::WsClient;

constexpr int kGoodCameras = 8;
constexpr int kViewers = 50;
constexpr int kStalledViewers = 3;  // at any time

struct Figures {
    std::atomic<long> viewer_sessions{0};
    std::atomic<long> viewer_fragments{0};
    std::atomic<long> viewer_errors{0};  // connections refused or broken (not by the test)
    std::atomic<long> stalled_sessions{0};
    std::atomic<long> drops{0};  // hostile camera connections dropped without a close
    std::atomic<long> takeovers{0};
    std::atomic<long> bombs{0};
    std::atomic<long> garbage{0};
    std::atomic<long> scrapes{0};
    std::atomic<long> scrape_failures{0};
};

std::string good_id(int i) {
    return "good-" + std::to_string(i);
}

// A small JPEG whose header declares 4096x4096: refused from its header, before any
// allocation the size would need.
Bytes bomb_jpeg() {
    Bytes jpeg = media::test::make_jpeg(64, 48, TJSAMP_420);
    const std::size_t sof = media::test::sof_offset(jpeg);
    jpeg[sof + 5] = 0x10;  // height 4096
    jpeg[sof + 6] = 0x00;
    jpeg[sof + 7] = 0x10;  // width 4096
    jpeg[sof + 8] = 0x00;
    return jpeg;
}

// Prometheus text: "name{labels}" -> value.
std::map<std::string, double> parse_metrics(const std::string& text) {
    std::map<std::string, double> out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t eol = text.find('\n', at);
        const std::string line = text.substr(at, eol == std::string::npos ? eol : eol - at);
        at = eol == std::string::npos ? text.size() : eol + 1;
        if (line.empty() || line[0] == '#') continue;
        const std::size_t space = line.rfind(' ');
        if (space == std::string::npos) continue;
        out[line.substr(0, space)] = std::stod(line.substr(space + 1));
    }
    return out;
}

int open_fds(pid_t pid) {
    int n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++n;
    }
    return n;
}

class Soak {
public:
    explicit Soak(double minutes)
        : duration_(std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double, std::ratio<60>>(minutes))) {}

    int run() {
        if (!start_server()) return 1;
        start_cameras();
        if (!wait_cameras_online()) return finish(false);
        start_ = Clock::now();
        std::vector<std::jthread> threads;
        for (int i = 0; i < kViewers; ++i) threads.emplace_back([this, i] { viewer_loop(i); });
        for (int i = 0; i < kStalledViewers; ++i)
            threads.emplace_back([this, i] { stalled_loop(i); });
        threads.emplace_back([this] { dropping_camera_loop(); });
        threads.emplace_back([this] { takeover_loop(); });
        threads.emplace_back([this] { hostile_frames_loop(); });
        bool ok = scrape_loop();
        stop_ = true;
        threads.clear();  // joins
        ok = check_end() && ok;
        return finish(ok);
    }

private:
    bool running() const { return !stop_ && Clock::now() - start_ < duration_; }
    double elapsed_s() const {
        return std::chrono::duration<double>(Clock::now() - start_).count();
    }

    bool start_server() {
        // ASan keeps freed memory in a quarantine (256 MiB by default) that would look like
        // growth; a small one shows what the server itself holds.
        const char* asan = std::getenv("ASAN_OPTIONS");
        const std::string saved = asan ? asan : "";
        ::setenv("ASAN_OPTIONS", (saved + ":quarantine_size_mb=16").c_str(), 1);
        server_ = std::make_unique<ChildProcess>(
            CAMSTREAM_SERVER_BIN,
            std::vector<std::string>{"--listen", "127.0.0.1", "--port", "0", "--camera-port", "0",
                                     "--write-deadline", "2", "--stats-interval", "60",
                                     "--encoder-linger", "2",
                                     // every client here comes from 127.0.0.1
                                     "--max-connections-per-address", "1000"});
        if (asan) {
            ::setenv("ASAN_OPTIONS", saved.c_str(), 1);
        } else {
            ::unsetenv("ASAN_OPTIONS");
        }
        const auto ports = server_->wait_for_line(std::regex(R"(http=(\d+) camera=(\d+))"), 60s);
        if (!ports) {
            std::fprintf(stderr, "soak: the server did not start:\n%s\n", server_->log().c_str());
            return false;
        }
        port_ = static_cast<std::uint16_t>(std::stoi((*ports)[1]));
        camera_port_ = static_cast<std::uint16_t>(std::stoi((*ports)[2]));
        return true;
    }

    void start_cameras() {
        for (int i = 0; i < kGoodCameras; ++i) {
            cameras_.push_back(std::make_unique<ChildProcess>(
                MOCK_CAMERA_BIN, std::vector<std::string>{
                                     "--host", "127.0.0.1", "--port", std::to_string(camera_port_),
                                     "--id", good_id(i), "--fps", "5", "--width", "320", "--height",
                                     "240", "--log-level", "warn"}));
        }
    }

    nlohmann::json cameras() {
        const auto r = test::http_get(port_, "/api/cameras");
        if (r.status != 200) throw std::runtime_error("/api/cameras: " + std::to_string(r.status));
        return nlohmann::json::parse(r.body)["cameras"];
    }

    bool wait_cameras_online() {
        const auto deadline = Clock::now() + 60s;
        while (Clock::now() < deadline) {
            int online = 0;
            for (const auto& c : cameras()) {
                if (c["id"].get<std::string>().starts_with("good-") && c["connected"] == true) {
                    ++online;
                }
            }
            if (online == kGoodCameras) return true;
            std::this_thread::sleep_for(100ms);
        }
        std::fprintf(stderr, "soak: the mock cameras did not all connect\n");
        return false;
    }

    // Joins a random well-behaved camera, watches for 1-8 s, leaves, again.
    void viewer_loop(int index) {
        std::mt19937 rng(static_cast<std::uint32_t>(index + 1));
        std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 3000));
        while (running()) {
            const std::string id = good_id(static_cast<int>(rng() % kGoodCameras));
            const auto until = Clock::now() + std::chrono::milliseconds(1000 + rng() % 7000);
            try {
                WsClient viewer(port_, "/ws/viewer/" + id);
                ++figures_.viewer_sessions;
                while (running() && Clock::now() < until) {
                    auto m = viewer.read(5s);
                    if (!m) {
                        ++figures_.viewer_errors;  // 5 s without a message from a live camera
                        break;
                    }
                    if (m->binary && !(m->data.size() >= 8 && m->data.compare(4, 4, "ftyp") == 0)) {
                        ++figures_.viewer_fragments;
                    }
                }
                viewer.close();
            } catch (const std::exception&) {
                ++figures_.viewer_errors;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(200 + rng() % 1000));
        }
    }

    // A viewer with a tiny window that never reads after the upgrade; the write deadline
    // closes it, and another takes its place.
    void stalled_loop(int index) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500 * index));
        while (running()) {
            try {
                WsClient stalled(port_, "/ws/viewer/" + good_id(index), 4096);
                ++figures_.stalled_sessions;
                while (running() && stalled.send_ping()) std::this_thread::sleep_for(500ms);
            } catch (const std::exception&) {
            }
            std::this_thread::sleep_for(200ms);
        }
    }

    // Connects, sends a few frames, and vanishes without a WebSocket close; again.
    void dropping_camera_loop() {
        const Bytes frame = media::test::make_jpeg(320, 240, TJSAMP_420);
        while (running()) {
            try {
                WsClient camera(camera_port_, "/ws/camera/dropper");
                for (int i = 0; i < 10 && running(); ++i) {
                    camera.send_binary(frame);
                    std::this_thread::sleep_for(100ms);
                }
                ++figures_.drops;
            } catch (const std::exception&) {
            }  // the destructor closes the socket: no close frame
        }
    }

    // A new connection takes the id "contested" every second; the one before is replaced.
    void takeover_loop() {
        const Bytes frame = media::test::make_jpeg(320, 240, TJSAMP_420);
        std::unique_ptr<WsClient> previous;
        while (running()) {
            try {
                auto next = std::make_unique<WsClient>(port_, "/ws/camera/contested");
                ++figures_.takeovers;
                previous = std::move(next);  // the old one is closed by the server (4000)
                const auto until = Clock::now() + 1s;
                while (running() && Clock::now() < until) {
                    previous->send_binary(frame);
                    std::this_thread::sleep_for(100ms);
                }
            } catch (const std::exception&) {
                previous.reset();
            }
        }
    }

    // Bombs, garbage and text on a camera of their own, mixed with a good frame now and then.
    void hostile_frames_loop() {
        const Bytes good = media::test::make_jpeg(320, 240, TJSAMP_420);
        const Bytes bomb = bomb_jpeg();
        std::uint32_t seed = 1;
        while (running()) {
            try {
                WsClient camera(port_, "/ws/camera/hostile");
                while (running()) {
                    camera.send_binary(bomb);
                    ++figures_.bombs;
                    camera.send_binary(media::test::random_bytes(2000, seed++));
                    camera.send_binary(media::test::truncated_half(good));
                    camera.send_binary(media::test::claims_65535x65535(good));
                    camera.send_text("garbage");
                    figures_.garbage += 4;
                    camera.send_binary(good);
                    std::this_thread::sleep_for(100ms);
                }
            } catch (const std::exception&) {
                std::this_thread::sleep_for(200ms);
            }
        }
    }

    struct Sample {
        double t;
        long rss_kib;
        int fds;
    };

    // Every second: /metrics and /api/cameras, memory and descriptors; checks the counters.
    bool scrape_loop() {
        bool ok = true;
        std::map<std::string, double> previous;
        while (running()) {
            const auto next = Clock::now() + 1s;
            if (!server_->running()) {
                std::fprintf(stderr, "soak: the server died at %.0f s:\n%s\n", elapsed_s(),
                             server_->log().c_str());
                return false;
            }
            samples_.push_back({elapsed_s(), server_->rss_kib(), open_fds(server_->pid())});
            try {
                const auto metrics = test::http_get(port_, "/metrics");
                if (metrics.status != 200) throw std::runtime_error("/metrics status");
                const auto now = parse_metrics(metrics.body);
                ok = counters_monotonic(previous, now) && ok;
                previous = now;
                cameras();
                ++figures_.scrapes;
            } catch (const std::exception& e) {
                ++figures_.scrape_failures;
                std::fprintf(stderr, "soak: scrape failed: %s\n", e.what());
                ok = false;
            }
            std::this_thread::sleep_for(next - Clock::now());
        }
        return ok;
    }

    static bool counters_monotonic(const std::map<std::string, double>& before,
                                   const std::map<std::string, double>& now) {
        bool ok = true;
        for (const auto& [key, value] : before) {
            if (key.find("_total") == std::string::npos) continue;
            const auto it = now.find(key);
            if (it != now.end() && it->second < value) {
                std::fprintf(stderr, "soak: counter went back: %s %.0f -> %.0f\n", key.c_str(),
                             value, it->second);
                ok = false;
            }
        }
        return ok;
    }

    bool check_end() {
        bool ok = true;
        // Stop the well-behaved cameras, then let the last frames settle: their counters are
        // then final.
        for (auto& c : cameras_) c->stop();
        const auto settle = Clock::now() + 15s;
        nlohmann::json list;
        // Each frame received is encoded, passed on unwatched, refused or dropped; a viewer
        // joining an unwatched camera has its latest JPEG encoded once more. Text messages are
        // refused without being frames received.
        const auto accounted = [](const nlohmann::json& c) {
            const long text = c["rejected_by_reason"].value("text_message", 0L);
            return c["frames_encoded"].get<long>() + c["frames_unwatched"].get<long>() +
                   c["frames_rejected"].get<long>() + c["frames_dropped"].get<long>() - text;
        };
        const auto settled = [&](const nlohmann::json& c) {
            return accounted(c) >= c["frames_received"].get<long>();
        };
        const long joins = figures_.viewer_sessions + figures_.stalled_sessions;
        while (true) {
            list = cameras();
            bool all = true;
            for (const auto& c : list) {
                if (c["id"].get<std::string>().starts_with("good-")) all = all && settled(c);
            }
            if (all || Clock::now() > settle) break;
            std::this_thread::sleep_for(100ms);
        }
        const auto metrics = parse_metrics(test::http_get(port_, "/metrics").body);
        std::printf("%-10s %9s %9s %9s %9s %9s\n", "camera", "received", "encoded", "unwatched",
                    "rejected", "dropped");
        for (const auto& c : list) {
            const std::string id = c["id"];
            const long received = c["frames_received"], encoded = c["frames_encoded"],
                       unwatched = c["frames_unwatched"], rejected = c["frames_rejected"],
                       dropped = c["frames_dropped"];
            std::printf("%-10s %9ld %9ld %9ld %9ld %9ld\n", id.c_str(), received, encoded,
                        unwatched, rejected, dropped);
            // /metrics and /api/cameras tell the same story.
            long by_reason = 0;
            for (const auto& [key, value] : metrics) {
                if (key.starts_with("camstream_frames_rejected_total{camera=\"" + id + "\"")) {
                    by_reason += static_cast<long>(value);
                }
            }
            if (by_reason != rejected) {
                std::fprintf(stderr, "soak: %s: rejected by reason %ld != rejected %ld\n",
                             id.c_str(), by_reason, rejected);
                ok = false;
            }
            const auto received_metric =
                metrics.find("camstream_frames_received_total{camera=\"" + id + "\"}");
            if (received_metric == metrics.end() ||
                static_cast<long>(received_metric->second) != received) {
                std::fprintf(stderr, "soak: %s: /metrics frames_received differs\n", id.c_str());
                ok = false;
            }
            const long extra = id.starts_with("good-") ? joins : 0;
            if (accounted(c) > received + extra) {
                std::fprintf(stderr, "soak: %s: more frames accounted for than received\n",
                             id.c_str());
                ok = false;
            }
            if (id.starts_with("good-")) {
                // Every good frame of a well-behaved camera was encoded or passed on.
                if (dropped != 0 || rejected != 0 || !settled(c)) {
                    std::fprintf(stderr,
                                 "soak: well-behaved %s lost frames (dropped %ld, "
                                 "rejected %ld, received %ld, encoded+unwatched %ld)\n",
                                 id.c_str(), dropped, rejected, received, encoded + unwatched);
                    ok = false;
                }
            }
            if (id == "hostile" && rejected == 0) {
                std::fprintf(stderr, "soak: the hostile camera's frames were not refused\n");
                ok = false;
            }
        }
        ok = levels_off() && ok;
        const auto closed = metrics.find(
            "camstream_viewers_closed_total{kind=\"websocket\",reason=\"write_deadline\"}");
        const long closed_stalled =
            closed == metrics.end() ? -1 : static_cast<long>(closed->second);
        std::printf("viewer sessions %ld, fragments received %ld, viewer errors %ld\n",
                    figures_.viewer_sessions.load(), figures_.viewer_fragments.load(),
                    figures_.viewer_errors.load());
        std::printf(
            "stalled viewers %ld (closed for the write deadline: %ld), dropped camera "
            "connections %ld, takeovers %ld, bombs %ld, garbage %ld, scrapes %ld\n",
            figures_.stalled_sessions.load(), closed_stalled, figures_.drops.load(),
            figures_.takeovers.load(), figures_.bombs.load(), figures_.garbage.load(),
            figures_.scrapes.load());
        if (closed_stalled < 1) {
            std::fprintf(stderr, "soak: no stalled viewer was closed for the write deadline\n");
            ok = false;
        }
        if (figures_.viewer_fragments == 0) {
            std::fprintf(stderr, "soak: the viewers got nothing\n");
            ok = false;
        }
        return ok;
    }

    // Memory and descriptors level off: the last quarter of the run against the second
    // (the first is warm-up), with a generous margin.
    bool levels_off() {
        if (samples_.size() < 8) return true;
        const std::size_t q = samples_.size() / 4;
        const auto window = [&](std::size_t from, std::size_t to) {
            long rss = 0;
            int fds = 0;
            for (std::size_t i = from; i < to; ++i) {
                rss = std::max(rss, samples_[i].rss_kib);
                fds = std::max(fds, samples_[i].fds);
            }
            return std::pair{rss, fds};
        };
        const auto [early_rss, early_fds] = window(q, 2 * q);
        const auto [late_rss, late_fds] = window(samples_.size() - q, samples_.size());
        std::printf(
            "RSS max %ld KiB early (%.0f-%.0f s) -> %ld KiB late (%.0f-%.0f s); open fds "
            "max %d -> %d\n",
            early_rss, samples_[q].t, samples_[2 * q - 1].t, late_rss,
            samples_[samples_.size() - q].t, samples_.back().t, early_fds, late_fds);
        bool ok = true;
        if (late_rss > early_rss * 3 / 2 + 32 * 1024) {
            std::fprintf(stderr, "soak: server memory still growing\n");
            ok = false;
        }
        if (late_fds > early_fds + 40) {
            std::fprintf(stderr, "soak: open descriptors still growing\n");
            ok = false;
        }
        return ok;
    }

    int finish(bool ok) {
        stop_ = true;
        for (auto& c : cameras_) c->stop();
        const auto code = server_ ? server_->stop(20s) : std::optional<int>();
        if (server_ && code != std::optional<int>(0)) {
            std::fprintf(stderr, "soak: the server did not exit cleanly (%d)\n", code.value_or(-1));
            ok = false;
        }
        if (server_ && server_->log().find("Sanitizer") != std::string::npos) {
            std::fprintf(stderr, "soak: sanitizer report:\n%s\n", server_->log().c_str());
            ok = false;
        }
        std::printf("soak: %s\n", ok ? "passed" : "FAILED");
        return ok ? 0 : 1;
    }

    Clock::duration duration_;
    Clock::time_point start_ = Clock::now();
    std::atomic<bool> stop_ = false;
    std::unique_ptr<ChildProcess> server_;
    std::vector<std::unique_ptr<ChildProcess>> cameras_;
    std::uint16_t port_ = 0;
    std::uint16_t camera_port_ = 0;
    Figures figures_;
    std::vector<Sample> samples_;
};

}  // namespace
}  // namespace camstream::soak

int main(int argc, char** argv) {
    double minutes = 2;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--minutes" && i + 1 < argc) {
            minutes = std::atof(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: %s [--minutes N]\n", argv[0]);
            return 2;
        }
    }
    if (minutes <= 0) {
        std::fprintf(stderr, "--minutes must be above 0\n");
        return 2;
    }
    ::signal(SIGPIPE, SIG_IGN);
    return camstream::soak::Soak(minutes).run();
}
