// pipeline_bench: one JPEG sequence, several transcoders, side by side.
//
// The same N camera JPEGs (640x480, quality 80, 4:2:0, drawn by the camera core's TestPattern
// and JpegEncoder, as mock-camera sends them) go, paced at the camera's frame rate, through:
//
//   server   the real camstream-server process: JPEGs in over a camera WebSocket, fMP4
//            fragments out over one viewer WebSocket, both on loopback.
//   go2rtc   an ffmpeg subprocess with the arguments go2rtc's ffmpeg source uses to turn an
//            MJPEG camera into H.264 (internal/ffmpeg: "http" input template + "h264" codec
//            template), JPEGs in as multipart MJPEG on stdin, H.264 out on stdout.
//   matched  the same ffmpeg pipeline with camstream's encoder settings (ultrafast,
//            zerolatency, baseline, CRF 23, one thread, full-range pass-through).
//   inproc   camstream's FramePipeline (decode -> encode -> mux) called directly in this
//            process at the same pace: the cost of the media path alone, no server around it.
//            (Paced like the others: a frame every 33 ms meets cold caches, and the same work
//            back to back, as media_bench runs it, costs a quarter to a third less CPU.)
//
// The sides run one after another, interleaved (the order rotates each run), several runs.
// For each it prints CPU time per frame, peak RSS and per-frame latency, then medians over
// the runs and the ratios ffmpeg / camstream-server. What each figure includes is printed
// with it. This is a benchmark, not a test: it asserts nothing about speed.
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "child_process.hpp"
#include "h264_access_units.hpp"
#include "loopback_http.hpp"
#include "process_figures.hpp"
#include "test_jpegs.hpp"
#include "ws_camera_client.hpp"
#include "stream/detail/frame_pipeline.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;

using namespace camstream::bench;

struct Options {
    int frames = 300;
    double fps = 30;
    int runs = 5;
    std::string server;
    std::string ffmpeg = "ffmpeg";
    std::string server_log = "pipeline_bench_server.log";
    bool unpaced_inproc = false;
    std::vector<std::string> sides = {"server", "go2rtc", "matched", "inproc"};
};

// One run of one side.
struct Sample {
    int frames_out = 0;
    double startup_cpu_ms = kNaN;  // process CPU before the first JPEG was written
    double stream_cpu_ms = kNaN;   // process CPU from the first JPEG to the last frame out
    double total_cpu_ms = kNaN;    // the whole process life (start-up, stream, exit): rusage
    double peak_rss_mib = kNaN;    // VmHWM of the process after the stream
    std::vector<double> latency_ms;
    std::string note;
    std::string error;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return kNaN;
    std::sort(v.begin(), v.end());
    const auto i =
        static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
}

// ---- processes ----------------------------------------------------------------------------

void write_all(int fd, const Bytes& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            throw std::runtime_error(std::string("write to ffmpeg failed: ") +
                                     std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
}

// Sends frame k at start + k / fps; `send` gets the frame index. Returns the send times.
template <typename Send>
std::vector<Clock::time_point> paced_send(int frames, double fps, Send&& send) {
    std::vector<Clock::time_point> sent(static_cast<std::size_t>(frames));
    const auto interval =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / fps));
    const auto start = Clock::now();
    for (int k = 0; k < frames; ++k) {
        std::this_thread::sleep_until(start + k * interval);
        sent[static_cast<std::size_t>(k)] = Clock::now();
        send(k);
    }
    return sent;
}

// ---- camstream-server --------------------------------------------------------------------

// A viewer: one WebSocket reading the server's messages on its own thread and noting when
// each media fragment (every binary message after the init segment) has arrived.
class Viewer {
public:
    void connect(std::uint16_t port, const std::string& path) {
        ws_.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
        ws_.next_layer().set_option(tcp::no_delay(true));  // as mock-camera and the server do
        ws_.handshake("127.0.0.1:" + std::to_string(port), path);
        thread_ = std::thread([this] { read_loop(); });
    }
    // Waits until `count` fragments arrived or none came for `quiet`.
    int wait_for(int count, std::chrono::milliseconds quiet) {
        std::unique_lock lock(mutex_);
        while (static_cast<int>(arrivals_.size()) < count) {
            const auto before = arrivals_.size();
            if (!cv_.wait_for(lock, quiet, [&] { return arrivals_.size() != before || done_; }) ||
                done_)
                break;
        }
        return static_cast<int>(arrivals_.size());
    }
    // After the server was told to stop: wait for the reader to see the connection end.
    void join(std::chrono::milliseconds timeout) {
        {
            std::unique_lock lock(mutex_);
            if (!cv_.wait_for(lock, timeout, [&] { return done_; })) {
                ::shutdown(ws_.next_layer().native_handle(), SHUT_RDWR);
            }
        }
        if (thread_.joinable()) thread_.join();
    }
    std::vector<Clock::time_point> arrivals() {
        std::lock_guard lock(mutex_);
        return arrivals_;
    }

private:
    void read_loop() {
        beast::flat_buffer buffer;
        bool have_init = false;
        while (true) {
            beast::error_code ec;
            ws_.read(buffer, ec);
            const auto now = Clock::now();
            if (ec) break;
            if (ws_.got_binary()) {
                std::lock_guard lock(mutex_);
                if (have_init) arrivals_.push_back(now);
                have_init = true;
            }
            buffer.clear();
            cv_.notify_all();
        }
        std::lock_guard lock(mutex_);
        done_ = true;
        cv_.notify_all();
    }

    net::io_context ioc_;
    websocket::stream<tcp::socket> ws_{ioc_};
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<Clock::time_point> arrivals_;
    bool done_ = false;
};

Sample run_server(const Options& o, const std::vector<Bytes>& jpegs) {
    Sample s;
    const int log_fd = open_log(o.server_log);
    // The server's defaults (ultrafast, baseline, CRF 23, one x264 thread per camera, info
    // logging); only the address and port are set.
    Child c = spawn({o.server, "--listen", "127.0.0.1", "--port", "0", "--camera-port", "-1"},
                    false, true, log_fd);
    if (log_fd >= 0) close(log_fd);
    Viewer viewer;
    CameraClient camera;
    std::vector<Clock::time_point> sent;
    try {
        const std::uint16_t port = read_http_port(c.stdout_fd);
        viewer.connect(port, "/ws/viewer/bench");
        camera.connect(port, "/ws/camera/bench");
        s.startup_cpu_ms = wait_until_idle(c.pid);
        sent = paced_send(o.frames, o.fps,
                          [&](int k) { camera.send(jpegs[static_cast<std::size_t>(k)]); });
        s.frames_out = viewer.wait_for(o.frames, std::chrono::seconds(3));
        s.stream_cpu_ms = process_cpu_ms(c.pid) - s.startup_cpu_ms;
        s.peak_rss_mib = status_mib(c.pid, "VmHWM");
        if (s.frames_out != o.frames) s.note = "server: " + http_get(port, "/api/cameras");
    } catch (const std::exception& e) {
        s.error = e.what();
    }
    camera.close();
    kill(c.pid, SIGTERM);
    viewer.join(std::chrono::seconds(3));
    const rusage usage = reap(c.pid, std::chrono::seconds(5), "pipeline_bench:");
    close(c.stdout_fd);
    s.total_cpu_ms = cpu_ms(usage);
    const auto arrived = viewer.arrivals();
    if (s.error.empty() && static_cast<int>(arrived.size()) == o.frames) {
        for (std::size_t k = 0; k < arrived.size(); ++k)
            s.latency_ms.push_back(ms_between(sent[k], arrived[k]));
    }
    return s;
}

// ---- ffmpeg --------------------------------------------------------------------------------

// Reads ffmpeg's stdout on its own thread, noting when each chunk arrived.
class OutputReader {
public:
    explicit OutputReader(int fd) : fd_(fd), thread_([this] { loop(); }) {}
    ~OutputReader() {
        if (thread_.joinable()) thread_.join();
    }
    // Waits until `frames` access units have begun and nothing came for `quiet` (the last
    // one is complete), or nothing came for `timeout`.
    int wait_for(int frames, std::chrono::milliseconds quiet, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        while (!eof_) {
            const auto before = bytes_.size();
            const bool enough = static_cast<int>(scanner_.starts().size()) >= frames;
            const bool changed = cv_.wait_for(lock, enough ? quiet : timeout,
                                              [&] { return bytes_.size() != before || eof_; });
            if (!changed) break;
        }
        return static_cast<int>(scanner_.starts().size());
    }
    void join() { thread_.join(); }
    // When the last byte of each access unit arrived (call after join()).
    std::vector<Clock::time_point> frame_completions() const {
        std::vector<Clock::time_point> done;
        const auto& starts = scanner_.starts();
        for (std::size_t k = 0; k < starts.size(); ++k) {
            const std::size_t end = k + 1 < starts.size() ? starts[k + 1] : bytes_.size();
            const std::size_t last = end - 1;
            auto chunk = std::upper_bound(chunk_ends_.begin(), chunk_ends_.end(), last);
            done.push_back(chunk_times_[static_cast<std::size_t>(chunk - chunk_ends_.begin())]);
        }
        return done;
    }

private:
    void loop() {
        std::vector<std::uint8_t> buf(1 << 20);
        while (true) {
            const ssize_t n = read(fd_, buf.data(), buf.size());
            const auto now = Clock::now();
            if (n < 0 && errno == EINTR) continue;
            std::lock_guard lock(mutex_);
            if (n <= 0) {
                eof_ = true;
                cv_.notify_all();
                return;
            }
            bytes_.insert(bytes_.end(), buf.begin(), buf.begin() + n);
            chunk_ends_.push_back(bytes_.size());
            chunk_times_.push_back(now);
            scanner_.scan(bytes_);
            cv_.notify_all();
        }
    }

    int fd_;
    std::mutex mutex_;
    std::condition_variable cv_;
    Bytes bytes_;
    std::vector<std::size_t> chunk_ends_;
    std::vector<Clock::time_point> chunk_times_;
    AccessUnitScanner scanner_;
    bool eof_ = false;
    std::thread thread_;
};

// Each JPEG as one part of a multipart/x-mixed-replace stream, as an ESP32's HTTP MJPEG
// stream sends it (with Content-Length, so ffmpeg's mpjpeg demuxer need not look ahead).
Bytes multipart(const Bytes& jpeg) {
    const std::string head =
        "--ffmpeg\r\nContent-Type: image/jpeg\r\nContent-Length: " + std::to_string(jpeg.size()) +
        "\r\n\r\n";
    Bytes part(head.begin(), head.end());
    part.insert(part.end(), jpeg.begin(), jpeg.end());
    part.push_back('\r');
    part.push_back('\n');
    return part;
}

Sample run_ffmpeg(const Options& o, const std::vector<std::string>& argv,
                  const std::vector<Bytes>& parts) {
    Sample s;
    Child c = spawn(argv, true, true, 2);
    std::vector<Clock::time_point> sent;
    std::optional<OutputReader> reader;
    reader.emplace(c.stdout_fd);
    try {
        s.startup_cpu_ms = wait_until_idle(c.pid);
        sent = paced_send(o.frames, o.fps, [&](int k) {
            write_all(c.stdin_fd, parts[static_cast<std::size_t>(k)]);
        });
        s.frames_out =
            reader->wait_for(o.frames, std::chrono::milliseconds(200), std::chrono::seconds(3));
        s.stream_cpu_ms = process_cpu_ms(c.pid) - s.startup_cpu_ms;
        s.peak_rss_mib = status_mib(c.pid, "VmHWM");
    } catch (const std::exception& e) {
        s.error = e.what();
    }
    close(c.stdin_fd);  // end of input: ffmpeg flushes and exits
    reader->join();
    const rusage usage = reap(c.pid, std::chrono::seconds(5), "pipeline_bench:");
    close(c.stdout_fd);
    s.total_cpu_ms = cpu_ms(usage);
    const auto done = reader->frame_completions();
    s.frames_out = static_cast<int>(done.size());
    // With -fflags nobuffer ffmpeg discards the packet it probed the input with: the first
    // JPEG never comes out. Frames out then pair with JPEGs from the second on.
    const int missing = o.frames - s.frames_out;
    if (missing > 0) {
        s.note = std::to_string(missing) +
                 " JPEG(s) not encoded: ffmpeg drops the first with -fflags nobuffer";
    }
    if (s.error.empty() && missing >= 0 && missing <= 2) {
        for (std::size_t k = 0; k < done.size(); ++k) {
            s.latency_ms.push_back(
                ms_between(sent[k + static_cast<std::size_t>(missing)], done[k]));
        }
    }
    return s;
}

// go2rtc's ffmpeg source for an MJPEG camera with "#video=h264": its "http" input template and
// its "h264" codec template, verbatim (go2rtc internal/ffmpeg/ffmpeg.go, defaults). Two changes,
// both forced by running without go2rtc: input is stdin (multipart MJPEG, what ffmpeg's HTTP
// input sees from an ESP32 stream), and the output, which go2rtc sends as RTSP to itself, is
// raw H.264 on stdout, flushed per packet as RTSP would send it.
std::vector<std::string> go2rtc_args(const Options& o) {
    return {o.ffmpeg,     "-hide_banner",   "-v",       "error",
            "-fflags",    "nobuffer",       "-flags",   "low_delay",
            "-f",         "mpjpeg",         "-i",       "-",
            "-c:v",       "libx264",        "-g",       "50",
            "-profile:v", "high",           "-level:v", "4.1",
            "-preset:v",  "superfast",      "-tune:v",  "zerolatency",
            "-pix_fmt:v", "yuv420p",        "-an",      "-f",
            "h264",       "-flush_packets", "1",        "-"};
}

// The same pipeline set up like camstream's encoder: ultrafast + zerolatency, baseline, CRF 23,
// one x264 thread, a keyframe every 2 s, no scene-cut keyframes, full-range pixels passed
// through (no -pix_fmt: the MJPEG decoder's yuvj420p goes to x264 as is). Without go2rtc's
// -fflags nobuffer, which makes ffmpeg discard the first JPEG (the one it probes with).
std::vector<std::string> matched_args(const Options& o) {
    const int gop = std::max(1, static_cast<int>(std::lround(2 * o.fps)));
    return {o.ffmpeg,
            "-hide_banner",
            "-v",
            "error",
            "-flags",
            "low_delay",
            "-f",
            "mpjpeg",
            "-i",
            "-",
            "-c:v",
            "libx264",
            "-preset:v",
            "ultrafast",
            "-tune:v",
            "zerolatency",
            "-profile:v",
            "baseline",
            "-crf",
            "23",
            "-threads",
            "1",
            "-g",
            std::to_string(gop),
            "-sc_threshold",
            "0",
            "-an",
            "-f",
            "h264",
            "-flush_packets",
            "1",
            "-"};
}

// ---- in process ------------------------------------------------------------------------------

double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_nsec) / 1e6;
}

Sample run_inproc(const Options& o, const std::vector<Bytes>& jpegs) {
    Sample s;
    const std::int64_t duration = std::llround(90000.0 / o.fps);
    const int gop = std::max(1, static_cast<int>(std::lround(2 * o.fps)));
    const auto interval =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / o.fps));
    const auto start = Clock::now();
    const double cpu0 = thread_cpu_ms();
    camstream::stream::FramePipeline pipeline({}, {});  // the server's default settings
    for (int k = 0; k < o.frames; ++k) {
        if (!o.unpaced_inproc) std::this_thread::sleep_until(start + k * interval);
        const auto t0 = Clock::now();
        if (pipeline.decode(jpegs[static_cast<std::size_t>(k)])) {
            s.error = "decode failed";
            break;
        }
        const auto out = pipeline.encode(k * duration, duration, k > 0 && k % gop == 0);
        s.latency_ms.push_back(ms_between(t0, Clock::now()));
        if (out.fragment) ++s.frames_out;
    }
    s.stream_cpu_ms = thread_cpu_ms() - cpu0;
    return s;
}

// ---- report ----------------------------------------------------------------------------------

struct SideInfo {
    std::string name;
    std::string label;
};

const std::map<std::string, SideInfo>& side_table() {
    static const std::map<std::string, SideInfo> t = {
        {"server", {"server", "camstream-server (process, WS in, 1 viewer)"}},
        {"go2rtc", {"go2rtc", "ffmpeg, go2rtc's arguments (superfast, high)"}},
        {"matched", {"matched", "ffmpeg, camstream's x264 settings"}},
        {"inproc", {"inproc", "camstream FramePipeline in-process"}},
    };
    return t;
}

void print_sample(const Options& o, int run, const std::string& side, const Sample& s) {
    const double n = s.frames_out > 0 ? s.frames_out : o.frames;
    std::printf(
        "  run %d %-8s frames %3d/%d  stream CPU %7.1f ms (%s ms/frame)  whole process %s ms  peak "
        "RSS %s MiB"
        "  latency median %s ms%s%s\n",
        run + 1, side.c_str(), s.frames_out, o.frames, s.stream_cpu_ms,
        fmt(s.stream_cpu_ms / n).c_str(), fmt(s.total_cpu_ms, 0).c_str(),
        fmt(s.peak_rss_mib, 1).c_str(), fmt(median(s.latency_ms)).c_str(),
        s.error.empty() ? "" : "  ERROR: ", s.error.c_str());
    if (!s.note.empty()) std::printf("      note: %s\n", s.note.c_str());
    std::fflush(stdout);
}

std::string join_args(const std::vector<std::string>& argv) {
    std::string s;
    for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
#ifdef CAMSTREAM_SERVER_PATH
    o.server = CAMSTREAM_SERVER_PATH;
#endif
    CLI::App app{
        "pipeline_bench: the same camera JPEGs through camstream-server and through ffmpeg "
        "(go2rtc-style),"
        " side by side; prints medians and ratios"};
    app.add_option("--frames", o.frames, "JPEGs per run")
        ->check(CLI::Range(10, 100000))
        ->capture_default_str();
    app.add_option("--fps", o.fps, "Pace at which JPEGs are sent, as a camera would")
        ->check(CLI::Range(1.0, 240.0))
        ->capture_default_str();
    app.add_option("--runs", o.runs, "Runs of each side (interleaved)")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    app.add_option("--server", o.server, "camstream-server binary")->capture_default_str();
    app.add_option("--ffmpeg", o.ffmpeg, "ffmpeg binary")->capture_default_str();
    app.add_option("--server-log", o.server_log, "Where camstream-server's log goes")
        ->capture_default_str();
    app.add_flag("--unpaced-inproc", o.unpaced_inproc,
                 "Call the in-process pipeline back to back instead of at --fps (warm caches: "
                 "lower CPU per frame)");
    app.add_option("--sides", o.sides, "Which sides to run: server go2rtc matched inproc")
        ->check(CLI::IsMember({"server", "go2rtc", "matched", "inproc"}))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    signal(SIGPIPE, SIG_IGN);

    // The sequence every side gets (the same bytes every run).
    std::vector<Bytes> jpegs;
    try {
        jpegs = test_jpegs(static_cast<std::size_t>(o.frames), o.fps);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pipeline_bench: %s\n", e.what());
        return 1;
    }
    std::vector<Bytes> parts;
    for (const auto& jpeg : jpegs) parts.push_back(multipart(jpeg));

    std::printf(
        "pipeline_bench: %d JPEGs 640x480 q80 4:2:0 (mock-camera's pattern, mean %.1f KiB) sent at "
        "%g fps,"
        " %d interleaved runs per side\n",
        o.frames, mean_kib(jpegs), o.fps, o.runs);
    std::printf("  server : %s --listen 127.0.0.1 --port 0 --camera-port -1   (log: %s)\n",
                o.server.c_str(), o.server_log.c_str());
    std::printf("  go2rtc : %s\n", join_args(go2rtc_args(o)).c_str());
    std::printf("  matched: %s\n", join_args(matched_args(o)).c_str());
    std::printf("  inproc : stream::FramePipeline decode()+encode() called in this process, %s\n\n",
                o.unpaced_inproc ? "back to back" : "at the same pace");

    std::map<std::string, std::vector<Sample>> results;
    for (int run = 0; run < o.runs; ++run) {
        for (std::size_t i = 0; i < o.sides.size(); ++i) {
            const std::string& side = o.sides[(i + static_cast<std::size_t>(run)) % o.sides.size()];
            Sample s;
            try {
                if (side == "server") s = run_server(o, jpegs);
                if (side == "go2rtc") s = run_ffmpeg(o, go2rtc_args(o), parts);
                if (side == "matched") s = run_ffmpeg(o, matched_args(o), parts);
                if (side == "inproc") s = run_inproc(o, jpegs);
            } catch (const std::exception& e) {
                s.error = e.what();
            }
            print_sample(o, run, side, s);
            results[side].push_back(std::move(s));
        }
    }

    struct Summary {
        double stream_ms_per_frame, total_ms_per_frame, startup_ms, rss, lat_median, lat_p95;
        int min_frames;
    };
    std::map<std::string, Summary> sum;
    for (const auto& [side, samples] : results) {
        std::vector<double> stream, total, startup, rss, lat50, lat95;
        int min_frames = o.frames;
        for (const auto& s : samples) {
            const double n = s.frames_out > 0 ? s.frames_out : o.frames;
            stream.push_back(s.stream_cpu_ms / n);
            total.push_back(s.total_cpu_ms / n);
            startup.push_back(s.startup_cpu_ms);
            rss.push_back(s.peak_rss_mib);
            lat50.push_back(s.latency_ms.empty() ? kNaN : median(s.latency_ms));
            lat95.push_back(percentile(s.latency_ms, 95));
            min_frames = std::min(min_frames, s.frames_out);
        }
        sum[side] = {median(stream), median(total), median(startup), median(rss),
                     median(lat50),  median(lat95), min_frames};
    }

    std::printf("\nMedians over %d runs (%d frames each, sent at %g fps):\n", o.runs, o.frames,
                o.fps);
    std::printf("  %-46s %9s %9s %9s %9s %9s %9s %7s\n", "", "CPU ms/fr", "CPU ms/fr", "start-up",
                "peak RSS", "latency", "latency", "frames");
    std::printf("  %-46s %9s %9s %9s %9s %9s %9s %7s\n", "side", "stream", "whole", "CPU ms", "MiB",
                "median ms", "p95 ms", "out min");
    for (const auto& side : o.sides) {
        if (!sum.count(side)) continue;
        const Summary& m = sum[side];
        std::printf("  %-46s %9s %9s %9s %9s %9s %9s %7d\n", side_table().at(side).label.c_str(),
                    fmt(m.stream_ms_per_frame).c_str(), fmt(m.total_ms_per_frame).c_str(),
                    fmt(m.startup_ms, 0).c_str(), fmt(m.rss, 1).c_str(), fmt(m.lat_median).c_str(),
                    fmt(m.lat_p95).c_str(), m.min_frames);
    }
    if (sum.count("server")) {
        const Summary& base = sum["server"];
        for (const char* side : {"go2rtc", "matched"}) {
            if (!sum.count(side)) continue;
            const Summary& m = sum[side];
            std::printf(
                "  ratio %-7s / camstream-server: CPU stream x%s, CPU whole process x%s, peak RSS "
                "x%s,"
                " latency median x%s\n",
                side, fmt(m.stream_ms_per_frame / base.stream_ms_per_frame).c_str(),
                fmt(m.total_ms_per_frame / base.total_ms_per_frame).c_str(),
                fmt(m.rss / base.rss).c_str(), fmt(m.lat_median / base.lat_median).c_str());
        }
    }
    if (sum.count("server") && sum.count("inproc")) {
        // One line bench/run.sh picks up: the whole server against the bare media path.
        const double server = sum["server"].stream_ms_per_frame;
        const double inproc = sum["inproc"].stream_ms_per_frame;
        std::printf("  ratio camstream-server / in-process pipeline: CPU x%s\n",
                    fmt(server / inproc).c_str());
        std::printf("RESULT pipeline server_ms_per_frame=%s inproc_ms_per_frame=%s ratio=%s\n",
                    fmt(server, 3).c_str(), fmt(inproc, 3).c_str(), fmt(server / inproc, 3).c_str());
    }
    std::printf(
        "\nWhat the columns include:\n"
        "  CPU stream   user+system CPU of the process, all threads (/proc/<pid>/stat, 10 ms "
        "ticks), from just\n"
        "               before the first JPEG to the last frame out, per frame that came out: "
        "decode, encode,\n"
        "               mux/packetise, pipe or socket I/O, and for the server WebSocket framing, "
        "its strands\n"
        "               and timers. Includes the encoder's set-up on the first frame; excludes "
        "process start.\n"
        "               inproc: this thread's CPU time for FramePipeline decode()+encode() alone.\n"
        "  CPU whole    the process's rusage from exec to exit (dynamic loading, start-up, the "
        "handshakes,\n"
        "               shutdown), per frame out: what one short-lived pipeline costs in all.\n"
        "  start-up     process CPU before the first JPEG (server: also the viewer's and camera's "
        "handshakes).\n"
        "  peak RSS     VmHWM of the process after the stream (the server's includes its "
        "HTTP/WebSocket\n"
        "               server, the hub and one viewer's queue).\n"
        "  latency      per frame, from just before its JPEG is written to the socket or pipe "
        "until the last\n"
        "               byte of its output has been read here. server: camera WebSocket -> decode, "
        "encode,\n"
        "               mux -> viewer WebSocket fMP4 fragment. ffmpeg: stdin pipe -> mpjpeg "
        "demuxer ->\n"
        "               decode -> (go2rtc: swscale to limited range) -> x264 -> raw H.264 on "
        "stdout, flushed\n"
        "               per packet, without an MP4 mux: ffmpeg's mp4 muxer (-movflags "
        "frag_every_frame)\n"
        "               holds each fragment until the next frame arrives (one frame interval "
        "more), and\n"
        "               go2rtc takes ffmpeg's output as RTSP and muxes MP4 itself. inproc: wall "
        "time of\n"
        "               decode()+encode().\n"
        "  Not counted anywhere: this program's CPU (drawing the JPEGs, sending, reading) and, for "
        "a real\n"
        "  go2rtc, its own Go process (RTSP in from ffmpeg, MP4/WebSocket out), paid on top of "
        "ffmpeg's.\n");
    return 0;
}
