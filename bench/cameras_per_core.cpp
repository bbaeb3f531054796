// cameras_per_core: how many 25 fps cameras one CPU core carries without dropping a frame.
//
// The process under test runs pinned to one core (--server-core, through taskset); this
// program, the load generator, pins itself to another (--driver-core). For each case it
// steps the number of cameras N (doubling from --start until a step fails, then bisecting)
// and reports the largest N that passed, with the server's CPU per frame and its resident
// memory per camera at that N ((VmRSS with N cameras streaming - VmRSS before any) / N).
//
// Cases (--cases):
//   watched-clean, watched-noisy   one camstream-server; N cameras, each watched by one
//       WebSocket viewer (/ws/viewer/<id>), so every camera is decoded and encoded.
//       Pass: no frame dropped by the server (frames_dropped), no viewer skip, every JPEG
//       sent was received, and every viewer got one fMP4 fragment per JPEG.
//   seeds-clean, seeds-noisy       the seeds' pipeline: one ffmpeg process per camera, JPEGs
//       written to its stdin as image2pipe (queued here while the pipe is full, as a server
//       would) and H.264 read from its stdout. ffmpeg drops nothing; it falls behind.
//       Pass: every JPEG but the last two (still inside ffmpeg's demuxer) came out as an
//       access unit within 200 ms of the last JPEG sent (a backlog of at most 5 frames).
//   unwatched-nopacing             camstream-server --no-pacing; N cameras, nobody watches;
//       the cameras keep 25 fps. Pass: nothing dropped, every JPEG received, and the
//       server had read all but at most one JPEG per camera when the cameras stopped.
//   unwatched-pacing               camstream-server (pacing on); N cameras that obey the
//       server's {"type":"pace","fps":F[,"now":true]} messages, as mock-camera does.
//
// Frames: 300 pre-encoded 640x480 JPEGs per kind (quality 80, 4:2:0), replayed in a loop:
//   clean  mock-camera's test pattern (flat colours, moving shapes, a clock)
//   noisy  the same pattern with per-pixel sensor-like noise that changes every frame
//          (uniform +-12 levels per channel), as a cheap camera in indoor light looks
// Each camera starts at its own phase within the frame interval, as real cameras would.
//
// A benchmark, not a test: nothing here fails on a slow figure. A failed step is retried
// (--retries) before it counts, because the machine may be shared.
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "h264_access_units.hpp"
#include "loopback_http.hpp"
#include "process_figures.hpp"
#include "test_jpegs.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;
using Frames = std::vector<Bytes>;
using namespace camstream::bench;

struct Options {
    std::string server;
    std::string ffmpeg = "ffmpeg";
    std::string server_log = "cameras_per_core_server.log";
    int server_core = 1;
    int driver_core = 0;
    double fps = 25;
    double seconds = 8;
    int frames = 300;
    int retries = 1;
    int nice = 0;
    double precision = 0.05;  // stop bisecting when the bracket is within this fraction
    std::vector<std::string> cases = {"watched-clean", "watched-noisy", "seeds-clean",
                                      "seeds-noisy",   "unwatched-nopacing", "unwatched-pacing"};
    int start_watched = 4;
    int max_watched = 128;
    int start_unwatched = 200;
    int max_unwatched_nopacing = 800;
    int start_unwatched_pacing = 1000;
    int max_unwatched_pacing = 4000;
};

// ---- processes --------------------------------------------------------------------------------

nlohmann::json http_get_json(std::uint16_t port, const std::string& path) {
    return nlohmann::json::parse(http_get(port, path));
}

// ---- clients ----------------------------------------------------------------------------------

// Shared by every client of one step: the frames, the pace and when sending ends.
struct Schedule {
    const Frames* frames = nullptr;
    Clock::duration interval{};
    Clock::time_point start{};
    Clock::time_point end{};
};

// A camera: one WebSocket sending JPEGs at the camera's rate, and (if obey_pace) at most the
// rate the server asks for, sending one at once when asked ("now"). Like mock-camera, it
// drops a frame rather than queue it when the previous one is still being written.
class Camera : public std::enable_shared_from_this<Camera> {
public:
    Camera(net::io_context& ioc, const Schedule& s, bool obey_pace, std::size_t first_frame)
        : ws_(ioc), timer_(ioc), s_(s), obey_(obey_pace), k_(first_frame) {}

    void connect(std::uint16_t port, const std::string& path) {
        beast::get_lowest_layer(ws_).socket().connect(
            tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
        beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true));
        ws_.handshake("127.0.0.1:" + std::to_string(port), path);
        ws_.binary(true);
        // A client masks what it sends, through this buffer: the default 4 KiB would take a
        // dozen writes (and syscalls) per JPEG, and the load generator would be the bottleneck.
        ws_.write_buffer_bytes(256 * 1024);
    }
    void start(Clock::time_point first) {
        do_read();
        next_ = first;
        arm();
    }
    int sent = 0;
    int busy = 0;  // frames skipped because the previous one was still being written
    int bunched = 0;

private:
    Clock::duration interval() const {
        if (pace_fps_ <= 0) return s_.interval;
        const auto paced = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / pace_fps_));
        return std::max(s_.interval, paced);
    }
    void arm() {
        if (next_ >= s_.end) return;
        timer_.expires_at(next_);
        timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->tick();
        });
    }
    void tick() {
        const auto now = Clock::now();
        // This program was late for the previous frame: the two go out closer than half an
        // interval, and a server that keeps one frame waiting per camera may drop one.
        if (last_ != Clock::time_point{} && now - last_ < interval() / 2) ++bunched;
        last_ = now;
        next_ += interval();
        if (next_ < last_) next_ = last_ + interval();  // never send a burst to catch up
        send();
        arm();
    }
    void send() {
        if (writing_) {
            ++busy;
            return;
        }
        writing_ = true;
        ++sent;
        const Bytes& jpeg = (*s_.frames)[k_++ % s_.frames->size()];
        ws_.async_write(net::buffer(jpeg), [self = shared_from_this()](beast::error_code ec,
                                                                       std::size_t) {
            self->writing_ = false;
            if (ec) self->failed_ = true;
        });
    }
    void do_read() {
        ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return;
            if (self->ws_.got_text()) self->on_text(beast::buffers_to_string(self->in_.data()));
            self->in_.clear();
            self->do_read();
        });
    }
    // {"type":"pace","fps":F[,"now":true]}: the server's wish, as the camera core reads it.
    void on_text(const std::string& text) {
        if (!obey_) return;
        const auto j = nlohmann::json::parse(text, nullptr, false);
        if (!j.is_object() || j.value("type", "") != "pace" || !j.contains("fps")) return;
        pace_fps_ = j["fps"].get<double>();
        const bool now = j.value("now", false);
        // Before its first frame a camera keeps its own phase; after the end it sends nothing.
        if (Clock::now() >= s_.end || last_ == Clock::time_point{}) return;
        if (now) {
            last_ = Clock::now();
            send();
            next_ = last_ + interval();
        } else {
            next_ = std::max(last_ + interval(), Clock::now());
        }
        timer_.cancel();
        arm();
    }

    websocket::stream<beast::tcp_stream> ws_;
    net::steady_timer timer_;
    const Schedule& s_;
    bool obey_;
    std::size_t k_;
    bool writing_ = false;
    bool failed_ = false;
    double pace_fps_ = 0;
    beast::flat_buffer in_;
    Clock::time_point next_{}, last_{};
};

// A viewer: counts the fMP4 fragments (binary messages with a moof box among their first
// boxes; a prft box may come before it).
class Viewer : public std::enable_shared_from_this<Viewer> {
public:
    explicit Viewer(net::io_context& ioc) : ws_(ioc) {}
    void connect(std::uint16_t port, const std::string& path) {
        beast::get_lowest_layer(ws_).socket().connect(
            tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
        beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true));
        ws_.handshake("127.0.0.1:" + std::to_string(port), path);
    }
    void start() { do_read(); }
    int fragments = 0;

private:
    void do_read() {
        ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t n) {
            if (ec) return;
            if (self->ws_.got_binary()) {
                const auto* p = static_cast<const char*>(self->in_.data().data());
                const std::string_view head(p, std::min<std::size_t>(n, 64));
                if (head.find("moof") != std::string_view::npos) ++self->fragments;
            }
            self->in_.clear();
            self->do_read();
        });
    }
    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer in_;
};

// ffmpeg's two pipes: JPEGs in at the camera's rate, H.264 out, counted as access units.
class FfmpegFeed : public std::enable_shared_from_this<FfmpegFeed> {
public:
    FfmpegFeed(net::io_context& ioc, const Schedule& s, Child c, std::size_t first_frame)
        : in_(ioc, c.stdin_fd), out_(ioc, c.stdout_fd), timer_(ioc), s_(s), k_(first_frame) {}
    void start(Clock::time_point first) {
        do_read();
        next_ = first;
        arm();
    }
    void close_input() {
        beast::error_code ec;
        in_.close(ec);
    }
    int frames_out() const { return static_cast<int>(scanner_.starts().size()); }
    int sent = 0;
    int busy = 0;
    Clock::time_point last_output{};

private:
    void arm() {
        if (next_ >= s_.end) return;
        timer_.expires_at(next_);
        timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->tick();
        });
    }
    // A server that pipes to ffmpeg queues what the pipe cannot take yet; so does this.
    void tick() {
        next_ += s_.interval;
        ++sent;
        if (writing_) ++busy;
        queue_.push_back(&(*s_.frames)[k_++ % s_.frames->size()]);
        write_next();
        arm();
    }
    void write_next() {
        if (writing_ || queue_.empty()) return;
        writing_ = true;
        const Bytes* jpeg = queue_.front();
        queue_.erase(queue_.begin());
        net::async_write(in_, net::buffer(*jpeg),
                         [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             self->writing_ = false;
                             if (!ec) self->write_next();
                         });
    }
    void do_read() {
        out_.async_read_some(net::buffer(buf_), [self = shared_from_this()](beast::error_code ec,
                                                                            std::size_t n) {
            if (ec) return;
            self->bytes_.insert(self->bytes_.end(), self->buf_, self->buf_ + n);
            self->scanner_.scan(self->bytes_);
            self->last_output = Clock::now();
            self->do_read();
        });
    }
    net::posix::stream_descriptor in_, out_;
    net::steady_timer timer_;
    const Schedule& s_;
    std::size_t k_;
    bool writing_ = false;
    std::vector<const Bytes*> queue_;
    std::uint8_t buf_[65536];
    Bytes bytes_;
    AccessUnitScanner scanner_;
    Clock::time_point next_{};
};

// ---- one step ---------------------------------------------------------------------------------

struct Step {
    int n = 0;
    bool pass = false;
    std::string why;  // what failed, or empty
    long sent = 0, received = 0, dropped = 0, skips = 0, busy = 0;
    long bunched = 0;  // frames this program sent less than half an interval after the last
    long lag = 0;               // JPEGs sent but not yet read by the server when sending ended
    long min_fragments = 0;     // the viewer or ffmpeg that got the fewest frames out ...
    long min_expected = 0;      // ... and how many its camera sent
    double cpu_ms_per_frame = kNaN;
    double cpu_busy = kNaN;     // the process's CPU over the wall time of the stream (1 = a core)
    double rss0_mib = kNaN, rss_mib = kNaN;
};

// The command line that runs argv on the server's core (at this program's niceness, which
// children inherit).
std::vector<std::string> pinned(const Options& o, std::vector<std::string> argv) {
    std::vector<std::string> a = {"taskset", "-c", std::to_string(o.server_core)};
    a.insert(a.end(), argv.begin(), argv.end());
    return a;
}

std::vector<std::string> server_argv(const Options& o, bool pacing) {
    std::vector<std::string> a = {o.server,
                                  "--listen", "127.0.0.1", "--port", "0", "--camera-port", "-1",
                                  "--max-cameras", "100000", "--max-connections", "100000",
                                  "--max-connections-per-address", "100000", "--log-level", "warn",
                                  "--stats-interval", "3600"};
    if (!pacing) a.push_back("--no-pacing");
    return pinned(o, std::move(a));
}

// The seeds' pipeline: their server pipes each camera's JPEGs into one ffmpeg (image2pipe in,
// libx264 out). Their documents name the tools, not the flags, so these are the plain ones a
// live server needs: ultrafast + zerolatency, no input probing (by default ffmpeg reads about
// 5 MB, minutes of JPEGs, before its first output) and each packet flushed; everything else is
// ffmpeg's default.
std::vector<std::string> seeds_argv(const Options& o) {
    std::vector<std::string> a = {o.ffmpeg,        "-hide_banner", "-loglevel",  "error",
                                  "-f",            "image2pipe",   "-framerate",
                                  std::to_string(static_cast<int>(o.fps)),
                                  "-probesize",    "32",           "-analyzeduration", "0",
                                  "-i",            "-",            "-c:v",       "libx264",
                                  "-preset",       "ultrafast",    "-tune",      "zerolatency",
                                  "-flush_packets", "1",           "-f",         "h264",
                                  "-"};
    return pinned(o, std::move(a));
}

Step run_server_step(const Options& o, const Frames& frames, int n, bool watched, bool pacing) {
    Step r;
    r.n = n;
    const int log_fd = open_log(o.server_log);
    Child c = spawn(server_argv(o, pacing), false, true, log_fd);
    if (log_fd >= 0) close(log_fd);
    try {
        const std::uint16_t port = read_http_port(c.stdout_fd);
        wait_until_idle(c.pid);
        r.rss0_mib = status_mib(c.pid, "VmRSS");
        net::io_context ioc{1};
        Schedule s;
        s.frames = &frames;
        s.interval = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / o.fps));
        std::vector<std::shared_ptr<Viewer>> viewers;
        std::vector<std::shared_ptr<Camera>> cameras;
        for (int i = 0; i < n; ++i) {
            const std::string id = "c" + std::to_string(i);
            if (watched) {
                viewers.push_back(std::make_shared<Viewer>(ioc));
                viewers.back()->connect(port, "/ws/viewer/" + id);
            }
            cameras.push_back(std::make_shared<Camera>(ioc, s, pacing,
                                                       static_cast<std::size_t>(i * 37)));
            cameras.back()->connect(port, "/ws/camera/" + id);
        }
        wait_until_idle(c.pid);
        s.start = Clock::now() + std::chrono::milliseconds(50);
        s.end = s.start + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(o.seconds));
        for (auto& v : viewers) v->start();
        for (int i = 0; i < n; ++i) {
            // Phases spread over the interval, as unsynchronised cameras are.
            cameras[static_cast<std::size_t>(i)]->start(s.start + s.interval * i / n);
        }
        const double cpu0 = process_cpu_ms(c.pid);
        ioc.run_until(s.end);
        // How far behind the server's reading was when the cameras stopped (a timer due just
        // before the end may still send one frame meanwhile).
        ioc.run_for(std::chrono::milliseconds(2 * 1000 / static_cast<int>(o.fps)));
        for (auto& cam : cameras) {
            r.sent += cam->sent;
            r.busy += cam->busy;
            r.bunched += cam->bunched;
        }
        long received_now = 0;
        const auto at_end = http_get_json(port, "/api/cameras");
        for (const auto& cam : at_end["cameras"])
            received_now += cam.value("frames_received", 0L);
        r.lag = r.sent - received_now;
        const double cpu1 = process_cpu_ms(c.pid);
        const double wall = o.seconds * 1000.0;
        // Let the last fragments arrive.
        for (int i = 0; i < 60; ++i) {
            ioc.run_for(std::chrono::milliseconds(50));
            bool all = true;
            for (std::size_t v = 0; v < viewers.size(); ++v)
                all = all && viewers[v]->fragments >= cameras[v]->sent;
            if (all) break;
        }
        r.rss_mib = status_mib(c.pid, "VmRSS");
        const auto api = http_get_json(port, "/api/cameras");
        if (std::getenv("CAMERAS_PER_CORE_DEBUG")) std::printf("%s\n", api.dump().c_str());
        for (const auto& cam : api["cameras"]) {
            r.received += cam.value("frames_received", 0L);
            r.dropped += cam.value("frames_dropped", 0L);
            r.skips += cam.value("viewer_skips", 0L);
        }
        r.cpu_ms_per_frame = (cpu1 - cpu0) / static_cast<double>(std::max(1L, r.sent));
        r.cpu_busy = (cpu1 - cpu0) / wall;
        r.min_fragments = watched ? std::numeric_limits<long>::max() : 0;
        for (std::size_t v = 0; v < viewers.size(); ++v) {
            if (viewers[v]->fragments - cameras[v]->sent < r.min_fragments - r.min_expected) {
                r.min_fragments = viewers[v]->fragments;
                r.min_expected = cameras[v]->sent;
            }
        }
        std::string why;
        if (r.dropped > 0) why += " server dropped " + std::to_string(r.dropped) + ";";
        if (r.skips > 0) why += " viewers skipped " + std::to_string(r.skips) + ";";
        if (r.busy > 0) why += " camera sends blocked " + std::to_string(r.busy) + ";";
        if (r.received < r.sent)
            why += " received " + std::to_string(r.received) + " of " + std::to_string(r.sent) + ";";
        if (r.lag > n) why += " server behind by " + std::to_string(r.lag) + " JPEGs;";
        if (watched && r.min_fragments < r.min_expected)
            why += " a viewer got " + std::to_string(r.min_fragments) + " of " +
                   std::to_string(r.min_expected) + ";";
        r.why = why;
        r.pass = why.empty();
        ioc.stop();
    } catch (const std::exception& e) {
        r.why = std::string(" error: ") + e.what();
    }
    stop_and_reap(c.pid, "cameras_per_core:");
    close(c.stdout_fd);
    return r;
}

Step run_seeds_step(const Options& o, const Frames& frames, int n) {
    Step r;
    r.n = n;
    net::io_context ioc{1};
    Schedule s;
    s.frames = &frames;
    s.interval =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / o.fps));
    std::vector<Child> children;
    std::vector<std::shared_ptr<FfmpegFeed>> feeds;
    const int log_fd = open_log(o.server_log);
    try {
        for (int i = 0; i < n; ++i) {
            children.push_back(spawn(seeds_argv(o), true, true, log_fd));
            feeds.push_back(std::make_shared<FfmpegFeed>(ioc, s, children.back(),
                                                         static_cast<std::size_t>(i * 37)));
        }
        for (const auto& c : children) wait_until_idle(c.pid);
        double rss0 = 0;
        for (const auto& c : children) rss0 += status_mib(c.pid, "VmRSS");
        s.start = Clock::now() + std::chrono::milliseconds(50);
        s.end = s.start + std::chrono::duration_cast<Clock::duration>(
                              std::chrono::duration<double>(o.seconds));
        for (int i = 0; i < n; ++i)
            feeds[static_cast<std::size_t>(i)]->start(s.start + s.interval * i / n);
        double cpu0 = 0;
        for (const auto& c : children) cpu0 += process_cpu_ms(c.pid);
        ioc.run_until(s.end);
        ioc.run_for(std::chrono::milliseconds(2 * 1000 / static_cast<int>(o.fps)));
        // Every frame sent must come out soon after the last: 200 ms, five frame intervals.
        const auto deadline = Clock::now() + std::chrono::milliseconds(200);
        for (auto& f : feeds) {
            r.sent += f->sent;
            r.busy += f->busy;
        }
        while (Clock::now() < deadline) {
            ioc.run_for(std::chrono::milliseconds(20));
            bool all = true;
            for (auto& f : feeds) all = all && f->frames_out() >= f->sent - 2;
            if (all) break;
        }
        double cpu1 = 0;
        for (const auto& c : children) cpu1 += process_cpu_ms(c.pid);
        double rss1 = 0;
        for (const auto& c : children) rss1 += status_mib(c.pid, "VmRSS");
        r.rss0_mib = 0;  // nothing runs before the first camera: each camera is a process
        r.rss_mib = rss1;
        (void)rss0;
        r.cpu_ms_per_frame = (cpu1 - cpu0) / static_cast<double>(std::max(1L, r.sent));
        r.cpu_busy = (cpu1 - cpu0) / (o.seconds * 1000.0);
        r.min_fragments = std::numeric_limits<long>::max();
        for (auto& f : feeds) {
            if (f->frames_out() - f->sent < r.min_fragments - r.min_expected) {
                r.min_fragments = f->frames_out();
                r.min_expected = f->sent;
            }
        }
        std::string why;
        // The image2pipe demuxer finds a JPEG's end at the next one's start: the last one or
        // two sent are still inside ffmpeg.
        if (r.min_fragments < r.min_expected - 2)
            why += " an ffmpeg put out " + std::to_string(r.min_fragments) + " of " +
                   std::to_string(r.min_expected) + " within 200 ms of the last JPEG (pipe full at " +
                   std::to_string(r.busy) + " of " + std::to_string(r.sent) + " JPEGs);";
        r.why = why;
        r.pass = why.empty();
    } catch (const std::exception& e) {
        r.why = std::string(" error: ") + e.what();
    }
    for (auto& f : feeds) f->close_input();
    ioc.run_for(std::chrono::milliseconds(100));
    feeds.clear();
    for (const auto& c : children) {
        stop_and_reap(c.pid, "cameras_per_core:");
        close(c.stdout_fd);
    }
    if (log_fd >= 0) close(log_fd);
    return r;
}

std::string loadavg() {
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a + " " + b + " " + c;
}

void print_step(const std::string& name, const Step& r, int attempt) {
    std::printf("  %-18s N=%-5d %s%s  CPU %s ms/frame (%s of a core)  RSS %s -> %s MiB  load %s"
                "  sent late %ld%s%s\n",
                name.c_str(), r.n, r.pass ? "pass" : "FAIL",
                attempt > 0 ? " (retry)" : "", fmt(r.cpu_ms_per_frame).c_str(),
                fmt(r.cpu_busy).c_str(), fmt(r.rss0_mib, 1).c_str(), fmt(r.rss_mib, 1).c_str(),
                loadavg().c_str(), r.bunched, r.why.empty() ? "" : "  --", r.why.c_str());
    std::fflush(stdout);
}

// Doubles N from `start` while steps pass (up to `cap`), then bisects to the largest N that
// passes, within `precision`.
Step search(const Options& o, const std::string& name, int start, int cap,
            const std::function<Step(int)>& step) {
    int lo = 0, hi = cap + 1;
    Step best;
    int n = std::min(start, cap);
    while (n > lo && n < hi) {
        Step r;
        for (int attempt = 0; attempt <= o.retries; ++attempt) {
            r = step(n);
            print_step(name, r, attempt);
            if (r.pass) break;
        }
        if (r.pass) {
            lo = n;
            best = r;
            n = hi > cap ? std::min(n * 2, cap) : lo + (hi - lo) / 2;
            if (lo == cap) break;
        } else {
            hi = n;
            n = lo + (hi - lo) / 2;
        }
        if (hi - lo <= std::max(1, static_cast<int>(lo * o.precision))) break;
    }
    best.n = lo;
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
#ifdef CAMSTREAM_SERVER_PATH
    o.server = CAMSTREAM_SERVER_PATH;
#endif
    CLI::App app{"cameras_per_core: the largest number of 25 fps cameras one core carries "
                 "without drops, camstream-server against the seeds' ffmpeg-per-camera"};
    app.add_option("--server", o.server, "camstream-server binary")->capture_default_str();
    app.add_option("--ffmpeg", o.ffmpeg, "ffmpeg binary")->capture_default_str();
    app.add_option("--server-log", o.server_log, "Where the servers' and ffmpegs' stderr go")
        ->capture_default_str();
    app.add_option("--server-core", o.server_core, "Core the server / ffmpegs run on")
        ->capture_default_str();
    app.add_option("--driver-core", o.driver_core, "Core this load generator runs on")
        ->capture_default_str();
    app.add_option("--nice", o.nice,
                   "Niceness of the server, the ffmpegs and this program (root may go below 0)")
        ->capture_default_str();
    app.add_option("--fps", o.fps, "Each camera's frame rate")->capture_default_str();
    app.add_option("--seconds", o.seconds, "Streaming time per step")->capture_default_str();
    app.add_option("--retries", o.retries, "Retries of a failed step before it counts")
        ->capture_default_str();
    app.add_option("--precision", o.precision, "Bisect until the bracket is this fraction of N")
        ->capture_default_str();
    app.add_option("--cases", o.cases, "Which cases")
        ->check(CLI::IsMember({"watched-clean", "watched-noisy", "seeds-clean", "seeds-noisy",
                               "unwatched-nopacing", "unwatched-pacing"}))
        ->capture_default_str();
    app.add_option("--start-watched", o.start_watched, "First N, watched and seeds cases")
        ->capture_default_str();
    app.add_option("--max-watched", o.max_watched, "Largest N tried, watched and seeds cases")
        ->capture_default_str();
    app.add_option("--start-unwatched", o.start_unwatched, "First N, unwatched without pacing")
        ->capture_default_str();
    app.add_option("--max-unwatched", o.max_unwatched_nopacing,
                   "Largest N tried, unwatched without pacing")
        ->capture_default_str();
    app.add_option("--start-paced", o.start_unwatched_pacing, "First N, unwatched with pacing")
        ->capture_default_str();
    app.add_option("--max-paced", o.max_unwatched_pacing, "Largest N tried, unwatched with pacing")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    signal(SIGPIPE, SIG_IGN);

    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(o.driver_core, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        std::fprintf(stderr, "cameras_per_core: cannot pin to core %d\n", o.driver_core);
    // Other work on a shared machine then takes less of the measured core; the server and
    // the ffmpegs inherit it.
    if (setpriority(PRIO_PROCESS, 0, o.nice) != 0)
        std::fprintf(stderr, "cameras_per_core: cannot set niceness %d\n", o.nice);
    // Thousands of sockets: the server inherits this limit too.
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);

    const Frames clean = test_jpegs(static_cast<std::size_t>(o.frames), o.fps, false);
    const Frames noisy = test_jpegs(static_cast<std::size_t>(o.frames), o.fps, true);
    std::printf("cameras_per_core: 640x480 q80 4:2:0 JPEGs at %g fps, %g s per step; clean %.1f KiB, "
                "noisy %.1f KiB mean; server/ffmpegs on core %d, load generator on core %d; "
                "open files %llu; load %s\n",
                o.fps, o.seconds, mean_kib(clean), mean_kib(noisy), o.server_core, o.driver_core,
                static_cast<unsigned long long>(files.rlim_cur), loadavg().c_str());
    {
        std::string args;
        for (const auto& a : seeds_argv(o)) args += " " + a;
        std::printf("  seeds' pipeline per camera:%s\n", args.c_str());
    }

    struct Result {
        std::string name;
        Step best;
        bool per_camera_rss;
    };
    std::vector<Result> results;
    for (const auto& name : o.cases) {
        const bool is_noisy = name.ends_with("noisy") || name.starts_with("unwatched");
        const Frames& frames = is_noisy ? noisy : clean;
        Step best;
        if (name.starts_with("watched")) {
            best = search(o, name, o.start_watched, o.max_watched,
                          [&](int n) { return run_server_step(o, frames, n, true, true); });
        } else if (name.starts_with("seeds")) {
            best = search(o, name, o.start_watched, o.max_watched,
                          [&](int n) { return run_seeds_step(o, frames, n); });
        } else if (name == "unwatched-nopacing") {
            best = search(o, name, o.start_unwatched, o.max_unwatched_nopacing,
                          [&](int n) { return run_server_step(o, frames, n, false, false); });
        } else {
            best = search(o, name, o.start_unwatched_pacing, o.max_unwatched_pacing,
                          [&](int n) { return run_server_step(o, frames, n, false, true); });
        }
        results.push_back({name, best, true});
    }

    std::printf("\nLargest N without drops (one core; %g s at %g fps per step):\n", o.seconds,
                o.fps);
    std::printf("  %-20s %6s %12s %10s %14s\n", "case", "N", "CPU ms/frame", "core busy",
                "RSS MiB/camera");
    for (const auto& r : results) {
        const double per_camera =
            r.best.n > 0 ? (r.best.rss_mib - r.best.rss0_mib) / r.best.n : kNaN;
        std::printf("  %-20s %6d %12s %10s %14s\n", r.name.c_str(), r.best.n,
                    fmt(r.best.cpu_ms_per_frame).c_str(), fmt(r.best.cpu_busy).c_str(),
                    fmt(per_camera, 3).c_str());
        // One line a script can pick up.
        std::printf("RESULT %s n=%d cpu_ms_per_frame=%s core_busy=%s rss_mib_per_camera=%s\n",
                    r.name.c_str(), r.best.n, fmt(r.best.cpu_ms_per_frame, 3).c_str(),
                    fmt(r.best.cpu_busy, 3).c_str(), fmt(per_camera, 4).c_str());
    }
    std::printf("load at the end: %s\n", loadavg().c_str());
    return 0;
}
