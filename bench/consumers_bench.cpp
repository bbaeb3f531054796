// consumers_bench: what a camstream-server process spends per camera frame as consumers are
// added, for two server binaries side by side (e.g. an older commit and the current one).
//
// One camera (a WebSocket client here) sends the same N JPEGs (640x480, quality 80, 4:2:0,
// mock-camera's picture, as pipeline_bench makes them) at --fps to a fresh server process per
// run, watched by:
//
//   V WebSocket viewers   /ws/viewer/<id>, fMP4; all read on one thread of this program,
//                         every message as soon as it arrives
//   + LL-HLS client       optional: blocking playlist reloads index.m3u8?_HLS_msn=M&_HLS_part=P
//                         (the preload hint's part), then a GET of each new part (and the init
//                         segment), on one keep-alive connection, as hls.js does in low-latency
//                         mode
//   + MJPEG client        optional: /api/cameras/<id>/mjpeg, multipart read as it comes
//
// Each configuration runs --runs times; the order rotates each run (interleaved), so slow
// drifts of the machine fall on every configuration alike. Per configuration it prints the
// median of the runs' server CPU per JPEG sent (user+system, all threads, /proc/<pid>/stat,
// from just before the first JPEG to the last fragment read by every viewer), the median
// per-frame latency to viewer 1, and the ratio between the two binaries.
//
// --slow-seconds adds one more run against the second binary: an MJPEG client that reads at
// most --slow-fps parts a second through a small receive buffer while the camera sends at
// --fps; it reports parts delivered per second, whether each part is one of the JPEGs sent,
// byte for byte (hence complete), how old the delivered frames are, and the server's RSS at
// the start and end.
//
// A benchmark, not a test: nothing here fails on a slow figure.
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "child_process.hpp"
#include "loopback_http.hpp"
#include "process_figures.hpp"
#include "test_jpegs.hpp"
#include "ws_camera_client.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using Bytes = std::vector<std::uint8_t>;

using namespace camstream::bench;
const std::string kCamera = "bench";

// This benchmark's tables show a missing figure as an en dash.
std::string show(double v, int decimals = 2) { return fmt(v, decimals, "–"); }

// ---- the server process -------------------------------------------------------------------

struct ServerProcess {
    pid_t pid = -1;
    int stdout_fd = -1;
    std::uint16_t port = 0;
};

// All of this program's 100+ clients come from one address, past a server's default
// per-address and per-camera limits; a server from before the limits has no such flags.
std::vector<std::string> limit_flags(const std::string& binary) {
    const std::string command = "'" + binary + "' --help 2>/dev/null";
    FILE* help = popen(command.c_str(), "r");
    if (help == nullptr) return {};
    std::string text;
    char chunk[4096];
    while (const std::size_t n = std::fread(chunk, 1, sizeof chunk, help)) text.append(chunk, n);
    pclose(help);
    if (text.find("--max-connections-per-address") == std::string::npos) return {};
    return {"--max-connections-per-address", "100000", "--max-viewers-per-camera", "100000"};
}

// Starts `binary` on 127.0.0.1, an ephemeral HTTP port, no separate camera port, its defaults
// otherwise (limits aside); reads its "camstream-server listening: http=P ..." line.
ServerProcess start_server(const std::string& binary, const std::string& log_path) {
    std::vector<std::string> args = {binary, "--listen",      "127.0.0.1", "--port",
                                     "0",    "--camera-port", "-1"};
    for (auto& flag : limit_flags(binary)) args.push_back(std::move(flag));
    const int log_fd = open_log(log_path);
    Child child;
    try {
        child = spawn(args, false, true, log_fd);
    } catch (...) {
        if (log_fd >= 0) close(log_fd);
        throw;
    }
    if (log_fd >= 0) close(log_fd);
    ServerProcess s;
    s.pid = child.pid;
    s.stdout_fd = child.stdout_fd;
    s.port = read_http_port(s.stdout_fd, binary, log_path);
    return s;
}

// Asks the server to stop and reaps it (SIGKILL after 5 s).
void stop_server(ServerProcess& s) {
    if (s.pid <= 0) return;
    stop_and_reap(s.pid, "consumers_bench: server");
    close(s.stdout_fd);
    s.pid = -1;
}

// Bytes queued in the kernel to send on the TCP connection local_port -> remote_port
// (/proc/net/tcp tx_queue: written by the process, not yet acknowledged by the peer).
double tcp_send_queue_kib(std::uint16_t local_port, std::uint16_t remote_port) {
    std::ifstream f("/proc/net/tcp");
    std::string line;
    std::getline(f, line);
    while (std::getline(f, line)) {
        unsigned lip = 0, lport = 0, rip = 0, rport = 0, st = 0;
        unsigned long tx = 0, rx = 0;
        if (std::sscanf(line.c_str(), " %*d: %x:%x %x:%x %x %lx:%lx", &lip, &lport, &rip, &rport,
                        &st, &tx, &rx) == 7 &&
            lport == local_port && rport == remote_port)
            return static_cast<double>(tx) / 1024;
    }
    return kNaN;
}

double self_cpu_ms() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return cpu_ms(u);
}

// ---- clients ------------------------------------------------------------------------------

// V viewers, all read asynchronously on one thread; each notes when each media fragment
// (every binary message after the init segment) arrived.
class ViewerFleet {
public:
    void connect(std::uint16_t port, int count) {
        for (int i = 0; i < count; ++i) {
            auto v = std::make_unique<Viewer>(ioc_);
            v->ws.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
            v->ws.next_layer().set_option(tcp::no_delay(true));
            v->ws.handshake("127.0.0.1:" + std::to_string(port), "/ws/viewer/" + kCamera);
            viewers_.push_back(std::move(v));
        }
        for (auto& v : viewers_) read(*v);
        thread_ = std::thread([this] { ioc_.run(); });
    }
    // Waits until every viewer has `frames` fragments or none came for `quiet`.
    void wait_for(int frames, std::chrono::milliseconds quiet) {
        const long want = static_cast<long>(frames) * static_cast<long>(viewers_.size());
        long last = -1;
        auto last_change = Clock::now();
        while (total_.load() < want) {
            const long now = total_.load();
            if (now != last) {
                last = now;
                last_change = Clock::now();
            } else if (Clock::now() - last_change > quiet) {
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    void stop() {
        ioc_.stop();
        if (thread_.joinable()) thread_.join();
    }
    // After stop(): the arrivals of viewer i.
    const std::vector<Clock::time_point>& arrivals(std::size_t i) const {
        return viewers_[i]->arrivals;
    }
    std::size_t size() const { return viewers_.size(); }

private:
    struct Viewer {
        explicit Viewer(net::io_context& ioc) : ws(ioc) {}
        websocket::stream<tcp::socket> ws;
        beast::flat_buffer buffer;
        bool have_init = false;
        std::vector<Clock::time_point> arrivals;
    };
    void read(Viewer& v) {
        v.ws.async_read(v.buffer, [this, &v](beast::error_code ec, std::size_t) {
            if (ec) return;
            if (v.ws.got_binary()) {
                if (v.have_init) {
                    v.arrivals.push_back(Clock::now());
                    total_.fetch_add(1);
                }
                v.have_init = true;
            }
            v.buffer.clear();
            read(v);
        });
    }

    net::io_context ioc_;
    std::vector<std::unique_ptr<Viewer>> viewers_;
    std::atomic<long> total_{0};
    std::thread thread_;
};

// The JPEGs sent, by content, so a part read back can be checked byte for byte and dated.
class JpegIndex {
public:
    explicit JpegIndex(const std::vector<Bytes>& jpegs) : jpegs_(jpegs) {
        for (std::size_t k = 0; k < jpegs.size(); ++k) by_hash_.emplace(hash(jpegs[k]), k);
    }
    // The index of the JPEG these bytes are, or -1.
    long find(const std::uint8_t* p, std::size_t n) const {
        const auto [lo, hi] = by_hash_.equal_range(hash(p, n));
        for (auto it = lo; it != hi; ++it) {
            const Bytes& j = jpegs_[it->second];
            if (j.size() == n && std::memcmp(j.data(), p, n) == 0)
                return static_cast<long>(it->second);
        }
        return -1;
    }

private:
    static std::size_t hash(const std::uint8_t* p, std::size_t n) {
        return std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(p), n));
    }
    static std::size_t hash(const Bytes& b) { return hash(b.data(), b.size()); }
    const std::vector<Bytes>& jpegs_;
    std::unordered_multimap<std::size_t, std::size_t> by_hash_;
};

// An MJPEG client on its own thread: GET /api/cameras/<id>/mjpeg, then multipart parts, each
// checked against the JPEGs sent. With max_fps > 0 it reads at most that many parts a second
// (it sleeps after each), through a receive buffer of rcvbuf bytes (0: the system's).
class MjpegClient {
public:
    struct Result {
        int parts = 0;
        int exact = 0;               // byte-identical to a JPEG sent (so complete: SOI ... EOI)
        int soi_eoi = 0;             // starts FF D8, ends FF D9
        int bad = 0;                 // anything else (wrong length, unknown bytes, bad framing)
        std::vector<double> age_ms;  // part read completely - its JPEG was sent
        std::vector<long> frames;    // which JPEG each part was (-1: none)
        std::string error;
        Clock::time_point first_part{}, last_part{};
    };

    MjpegClient(const JpegIndex& index, const std::vector<Clock::time_point>& sent_times,
                const std::mutex& sent_mutex)
        : index_(index), sent_(sent_times), sent_mutex_(const_cast<std::mutex&>(sent_mutex)) {}

    void start(std::uint16_t port, double max_fps, int rcvbuf) {
        fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (rcvbuf > 0) setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
            throw std::runtime_error("MJPEG client: connect failed");
        socklen_t len = sizeof effective_rcvbuf_;
        getsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &effective_rcvbuf_, &len);
        const std::string req = "GET /api/cameras/" + kCamera +
                                "/mjpeg HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        if (::send(fd_, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size()))
            throw std::runtime_error("MJPEG client: send failed");
        thread_ = std::thread([this, max_fps] { loop(max_fps); });
    }
    Result stop() {
        stopping_ = true;
        ::shutdown(fd_, SHUT_RDWR);
        if (thread_.joinable()) thread_.join();
        close(fd_);
        return result_;
    }
    int effective_rcvbuf() const { return effective_rcvbuf_; }
    std::uint16_t local_port() const {
        sockaddr_in addr{};
        socklen_t len = sizeof addr;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        return ntohs(addr.sin_port);
    }

private:
    // Reads until buf_ holds at least `n` bytes after `from`; false at end of stream.
    bool fill(std::size_t need) {
        char chunk[16384];
        while (buf_.size() < need) {
            const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            buf_.append(chunk, static_cast<std::size_t>(n));
        }
        return true;
    }
    // Reads until buf_ contains `token`; returns the position after it, or npos at end.
    std::size_t fill_until(std::string_view token) {
        std::size_t from = 0;
        while (true) {
            const auto at = buf_.find(token, from);
            if (at != std::string::npos) return at + token.size();
            from = buf_.size() >= token.size() ? buf_.size() - token.size() + 1 : 0;
            if (!fill(buf_.size() + 1)) return std::string::npos;
        }
    }

    void loop(double max_fps) {
        const auto interval = max_fps > 0 ? std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(1.0 / max_fps))
                                          : Clock::duration::zero();
        auto header_end = fill_until("\r\n\r\n");
        if (header_end == std::string::npos || buf_.rfind("HTTP/1.1 200", 0) != 0) {
            result_.error = "no 200 response: " + buf_.substr(0, buf_.find('\r'));
            return;
        }
        buf_.erase(0, header_end);
        auto next_read = Clock::now();
        while (!stopping_) {
            if (interval.count() > 0) std::this_thread::sleep_until(next_read);
            // "--boundary\r\nContent-Type: image/jpeg\r\nContent-Length: N\r\n\r\n" N bytes "\r\n"
            const auto head_end = fill_until("\r\n\r\n");
            if (head_end == std::string::npos) return;
            const std::string head = buf_.substr(0, head_end);
            const auto cl = head.find("Content-Length: ");
            if (head.rfind("--", 0) != 0 || cl == std::string::npos) {
                ++result_.bad;
                result_.error = "bad part header: " + head.substr(0, 80);
                return;
            }
            const std::size_t n = std::stoul(head.substr(cl + 16));
            if (!fill(head_end + n + 2)) return;
            const auto now = Clock::now();
            const auto* p = reinterpret_cast<const std::uint8_t*>(buf_.data() + head_end);
            ++result_.parts;
            if (result_.parts == 1) result_.first_part = now;
            result_.last_part = now;
            const bool framed = buf_.compare(head_end + n, 2, "\r\n") == 0;
            if (n >= 4 && p[0] == 0xFF && p[1] == 0xD8 && p[n - 2] == 0xFF && p[n - 1] == 0xD9)
                ++result_.soi_eoi;
            const long k = index_.find(p, n);
            result_.frames.push_back(k);
            if (k >= 0 && framed) {
                ++result_.exact;
                std::lock_guard lock(sent_mutex_);
                if (static_cast<std::size_t>(k) < sent_.size() &&
                    sent_[static_cast<std::size_t>(k)] != Clock::time_point{})
                    result_.age_ms.push_back(ms_between(sent_[static_cast<std::size_t>(k)], now));
            } else {
                ++result_.bad;
            }
            buf_.erase(0, head_end + n + 2);
            next_read = now + interval;
        }
    }

    const JpegIndex& index_;
    const std::vector<Clock::time_point>& sent_;
    std::mutex& sent_mutex_;
    int fd_ = -1;
    int effective_rcvbuf_ = 0;
    std::string buf_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
    Result result_;
};

// An LL-HLS client as hls.js runs one at the live edge: blocking playlist reloads for the
// preload hint's part, then GETs of the parts it has not fetched yet (and of a new init
// segment), all on one keep-alive connection, on its own thread.
class HlsClient {
public:
    struct Result {
        int playlists = 0, parts = 0, inits = 0, errors = 0;
        double part_bytes = 0;
        std::string error;
    };

    void start(std::uint16_t port) {
        stream_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
        stream_.socket().set_option(tcp::no_delay(true));
        thread_ = std::thread([this] {
            try {
                loop();
            } catch (const std::exception& e) {
                if (!stopping_) result_.error = e.what();
            }
        });
    }
    Result stop() {
        stopping_ = true;
        beast::error_code ec;
        ::shutdown(stream_.socket().native_handle(), SHUT_RDWR);
        if (thread_.joinable()) thread_.join();
        stream_.socket().close(ec);
        return result_;
    }

private:
    using Position = std::tuple<std::uint64_t, std::uint64_t>;  // msn, part

    http::response<http::string_body> get(const std::string& target) {
        http::request<http::empty_body> req{http::verb::get, "/hls/" + kCamera + "/" + target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.keep_alive(true);
        http::write(stream_, req);
        http::response<http::string_body> res;
        http::read(stream_, buffer_, res);
        if (res.result() != http::status::ok) ++result_.errors;
        return res;
    }
    static std::optional<Position> parse_part(std::string_view uri) {
        // part-M.P.m4s
        unsigned long long m = 0, p = 0;
        if (std::sscanf(std::string(uri).c_str(), "part-%llu.%llu.m4s", &m, &p) != 2)
            return std::nullopt;
        return Position{m, p};
    }
    static std::string quoted_uri(const std::string& line) {
        const auto a = line.find("URI=\"");
        if (a == std::string::npos) return {};
        const auto b = line.find('"', a + 5);
        return line.substr(a + 5, b - a - 5);
    }

    void loop() {
        std::optional<Position> fetched;  // the newest part fetched
        std::optional<Position> want;     // the part the next reload waits for
        std::string init;
        while (!stopping_) {
            std::string target = "index.m3u8";
            if (want) {
                target += "?_HLS_msn=" + std::to_string(std::get<0>(*want)) +
                          "&_HLS_part=" + std::to_string(std::get<1>(*want));
            }
            auto res = get(target);
            if (res.result() != http::status::ok) {
                if (stopping_) return;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                continue;
            }
            ++result_.playlists;
            std::vector<std::pair<Position, std::string>> parts;
            std::optional<Position> hint;
            std::istringstream lines(res.body());
            for (std::string line; std::getline(lines, line);) {
                if (line.rfind("#EXT-X-MAP:", 0) == 0) {
                    const auto uri = quoted_uri(line);
                    if (uri != init) {
                        init = uri;
                        get(init);
                        ++result_.inits;
                    }
                } else if (line.rfind("#EXT-X-PART:", 0) == 0) {
                    const auto uri = quoted_uri(line);
                    if (auto pos = parse_part(uri)) parts.emplace_back(*pos, uri);
                } else if (line.rfind("#EXT-X-PRELOAD-HINT:", 0) == 0) {
                    hint = parse_part(quoted_uri(line));
                }
            }
            if (!fetched) {
                // A live client starts at the edge: the newest part only.
                if (parts.empty()) continue;
                auto r = get(parts.back().second);
                ++result_.parts;
                result_.part_bytes += static_cast<double>(r.body().size());
                fetched = parts.back().first;
            }
            for (const auto& [pos, uri] : parts) {
                if (pos <= *fetched) continue;
                auto r = get(uri);
                ++result_.parts;
                result_.part_bytes += static_cast<double>(r.body().size());
                fetched = pos;
            }
            if (hint) {
                want = hint;
            } else {
                want = Position{std::get<0>(*fetched), std::get<1>(*fetched) + 1};
            }
        }
    }

    net::io_context ioc_;
    beast::tcp_stream stream_{ioc_};
    beast::flat_buffer buffer_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
    Result result_;
};

// GET path; the body ("" if the server cannot be reached).
std::string http_get_or_empty(std::uint16_t port, const std::string& path) {
    try {
        return http_get(port, path);
    } catch (const std::exception&) {
        return {};
    }
}

// The camera's handshake is done on our side a moment before the server has it online (and
// an MJPEG request for an offline camera gets a 503): wait for /api/cameras to say so.
void wait_camera_online(std::uint16_t port) {
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (http_get_or_empty(port, "/api/cameras").find("\"connected\":true") == std::string::npos) {
        if (Clock::now() > deadline) throw std::runtime_error("the camera never showed online");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

// ---- runs ---------------------------------------------------------------------------------

struct Options {
    std::vector<std::string> servers;  // [0] the old binary, [1] the current one
    std::vector<std::string> names = {"old", "current"};
    std::vector<int> viewers = {1, 10, 100};
    bool mixed = true;  // + 100 viewers + LL-HLS + MJPEG on the second binary
    int mixed_viewers = 100;
    int frames = 300;
    double fps = 25;
    int runs = 3;
    double slow_seconds = 40;
    double slow_fps = 5;
    int slow_rcvbuf = 4096;
    std::string server_log = "consumers_bench_server.log";
};

struct Config {
    std::size_t server;  // index into Options::servers
    int viewers;
    bool hls_and_mjpeg;
    std::string key() const {
        return std::to_string(viewers) + (hls_and_mjpeg ? "+hls+mjpeg" : "");
    }
};

struct Sample {
    double cpu_ms = kNaN;  // server CPU from the first JPEG to the last fragment read
    double bench_cpu_ms = kNaN;
    double peak_rss_mib = kNaN;
    int min_frames = 0;  // the fewest fragments any viewer got
    double latency_v1_ms = kNaN;
    double latency_all_ms = kNaN;
    std::string extra;
    std::string error;
};

// Sends frame k at start + k / fps (stored in sent[k] under `mutex` as it goes).
void paced_send(CameraClient& camera, const std::vector<Bytes>& jpegs, int frames, double fps,
                std::vector<Clock::time_point>& sent, std::mutex& mutex) {
    const auto interval =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / fps));
    const auto start = Clock::now();
    for (int k = 0; k < frames; ++k) {
        std::this_thread::sleep_until(start + k * interval);
        {
            std::lock_guard lock(mutex);
            sent[static_cast<std::size_t>(k)] = Clock::now();
        }
        camera.send(jpegs[static_cast<std::size_t>(k) % jpegs.size()]);
    }
}

Sample run_config(const Options& o, const Config& c, const std::vector<Bytes>& jpegs,
                  const JpegIndex& index) {
    Sample s;
    ServerProcess server;
    ViewerFleet fleet;
    CameraClient camera;
    HlsClient hls;
    std::mutex sent_mutex;
    std::vector<Clock::time_point> sent(static_cast<std::size_t>(o.frames));
    MjpegClient mjpeg(index, sent, sent_mutex);
    bool mjpeg_running = false;
    bool hls_running = false;
    try {
        server = start_server(o.servers[c.server], o.server_log);
        fleet.connect(server.port, c.viewers);
        camera.connect(server.port, "/ws/camera/" + kCamera);
        wait_camera_online(server.port);
        if (c.hls_and_mjpeg) {
            mjpeg.start(server.port, 0, 0);
            mjpeg_running = true;
            hls.start(server.port);
            hls_running = true;
        }
        const double cpu0 = wait_until_idle(server.pid);
        const double self0 = self_cpu_ms();
        paced_send(camera, jpegs, o.frames, o.fps, sent, sent_mutex);
        fleet.wait_for(o.frames, std::chrono::seconds(3));
        s.cpu_ms = process_cpu_ms(server.pid) - cpu0;
        s.bench_cpu_ms = self_cpu_ms() - self0;
        s.peak_rss_mib = status_mib(server.pid, "VmHWM");
    } catch (const std::exception& e) {
        s.error = e.what();
    }
    camera.close();
    if (mjpeg_running || hls_running) {
        const auto h = hls_running ? hls.stop() : HlsClient::Result{};
        const auto m = mjpeg_running ? mjpeg.stop() : MjpegClient::Result{};
        s.extra = "HLS: " + std::to_string(h.playlists) + " playlists, " + std::to_string(h.parts) +
                  " parts (" + show(h.part_bytes / 1024, 0) + " KiB), " + std::to_string(h.inits) +
                  " init, " + std::to_string(h.errors) + " non-200" +
                  (h.error.empty() ? "" : " [" + h.error + "]") +
                  "; MJPEG: " + std::to_string(m.parts) + " parts, " + std::to_string(m.exact) +
                  " byte-identical to a JPEG sent" + (m.error.empty() ? "" : " [" + m.error + "]");
    }
    stop_server(server);
    fleet.stop();
    s.min_frames = o.frames;
    std::vector<double> all;
    for (std::size_t i = 0; i < fleet.size(); ++i) {
        const auto& a = fleet.arrivals(i);
        s.min_frames = std::min(s.min_frames, static_cast<int>(a.size()));
        if (static_cast<int>(a.size()) != o.frames) continue;
        std::vector<double> lat;
        for (std::size_t k = 0; k < a.size(); ++k) lat.push_back(ms_between(sent[k], a[k]));
        if (i == 0) s.latency_v1_ms = median(lat);
        all.insert(all.end(), lat.begin(), lat.end());
    }
    s.latency_all_ms = median(all);
    return s;
}

// The slow MJPEG client against the second binary (see the file comment).
void run_slow_mjpeg(const Options& o, const std::vector<Bytes>& jpegs, const JpegIndex& index) {
    const int frames = static_cast<int>(std::lround(o.slow_seconds * o.fps));
    std::printf(
        "\nMJPEG to a slow client (%s): the camera sends %d JPEGs at %g fps (%g s); one MJPEG "
        "client reads at most %g parts/s, SO_RCVBUF %d; one WebSocket viewer reads promptly.\n",
        o.names[1].c_str(), frames, o.fps, o.slow_seconds, o.slow_fps, o.slow_rcvbuf);
    std::mutex sent_mutex;
    std::vector<Clock::time_point> sent(static_cast<std::size_t>(frames));
    ServerProcess server;
    ViewerFleet fleet;
    CameraClient camera;
    MjpegClient mjpeg(index, sent, sent_mutex);
    std::vector<double> rss, sendq;
    std::string error;
    std::atomic<bool> sampling{true};
    std::thread sampler;
    try {
        server = start_server(o.servers[1], o.server_log);
        fleet.connect(server.port, 1);
        camera.connect(server.port, "/ws/camera/" + kCamera);
        wait_camera_online(server.port);
        mjpeg.start(server.port, o.slow_fps, o.slow_rcvbuf);
        wait_until_idle(server.pid);
        const pid_t pid = server.pid;
        const std::uint16_t server_port = server.port;
        const std::uint16_t client_port = mjpeg.local_port();
        sampler = std::thread([&, pid, server_port, client_port] {
            while (sampling) {
                rss.push_back(status_mib(pid, "VmRSS"));
                sendq.push_back(tcp_send_queue_kib(server_port, client_port));
                std::this_thread::sleep_for(std::chrono::seconds(1));
            }
        });
        paced_send(camera, jpegs, frames, o.fps, sent, sent_mutex);
        fleet.wait_for(frames, std::chrono::seconds(3));
    } catch (const std::exception& e) {
        error = e.what();
    }
    sampling = false;
    if (sampler.joinable()) sampler.join();
    const double end_rss = server.pid > 0 ? status_mib(server.pid, "VmRSS") : kNaN;
    const double hwm = server.pid > 0 ? status_mib(server.pid, "VmHWM") : kNaN;
    const auto m = mjpeg.stop();
    camera.close();
    stop_server(server);
    fleet.stop();
    if (!error.empty()) std::printf("  ERROR: %s\n", error.c_str());
    const double span_s =
        m.parts > 1 ? std::chrono::duration<double>(m.last_part - m.first_part).count() : kNaN;
    std::printf("  MJPEG client: %d parts in %.1f s = %s parts/s (effective SO_RCVBUF %d B)\n",
                m.parts, span_s, show((m.parts - 1) / span_s).c_str(), mjpeg.effective_rcvbuf());
    std::printf(
        "  complete: %d/%d byte-identical to a JPEG sent, %d/%d start FF D8 and end FF D9,"
        " %d bad%s%s\n",
        m.exact, m.parts, m.soi_eoi, m.parts, m.bad, m.error.empty() ? "" : ": ", m.error.c_str());
    // Parts that are not the JPEG after the previous part's: the server skipped frames.
    int jumps = 0;
    long max_jump = 0;
    for (std::size_t i = 1; i < m.frames.size(); ++i) {
        if (m.frames[i] >= 0 && m.frames[i - 1] >= 0 && m.frames[i] != m.frames[i - 1] + 1) {
            ++jumps;
            max_jump = std::max(max_jump, m.frames[i] - m.frames[i - 1] - 1);
        }
    }
    const std::size_t half = m.age_ms.size() / 2;
    const std::vector<double> early(m.age_ms.begin(), m.age_ms.begin() + half);
    const std::vector<double> late(m.age_ms.begin() + half, m.age_ms.end());
    std::printf(
        "  frames skipped by the server: %d times (at most %ld JPEGs in a row); last part "
        "was JPEG %ld of %d\n",
        jumps, max_jump, m.frames.empty() ? -1 : m.frames.back(), frames);
    std::printf(
        "  age of a delivered frame (read completely - sent): median %s ms in the first "
        "half, %s ms in the second, max %s ms\n",
        show(median(early), 0).c_str(), show(median(late), 0).c_str(),
        m.age_ms.empty() ? "–"
                         : show(*std::max_element(m.age_ms.begin(), m.age_ms.end()), 0).c_str());
    {
        std::vector<double> lat;
        const auto& a = fleet.arrivals(0);
        for (std::size_t k = 0; k < a.size() && k < sent.size(); ++k)
            lat.push_back(ms_between(sent[k], a[k]));
        std::sort(lat.begin(), lat.end());
        std::printf(
            "  prompt WebSocket viewer meanwhile: %zu/%d fragments, latency median %s ms, "
            "max %s ms\n",
            a.size(), frames, show(median(lat), 1).c_str(),
            lat.empty() ? "–" : show(lat.back(), 1).c_str());
    }
    std::string series;
    for (double r : rss) series += (series.empty() ? "" : " ") + show(r, 1);
    std::printf("  server RSS MiB: start %s, end %s, peak (VmHWM) %s; every second: %s\n",
                rss.empty() ? "–" : show(rss.front(), 1).c_str(), show(end_rss, 1).c_str(),
                show(hwm, 1).c_str(), series.c_str());
    series.clear();
    for (double q : sendq) series += (series.empty() ? "" : " ") + show(q, 0);
    std::printf(
        "  kernel send queue of the server's MJPEG socket, KiB (not in RSS), every second: "
        "%s\n",
        series.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    std::string old_server, new_server;
    CLI::App app{
        "consumers_bench: server CPU per camera frame with 1..N WebSocket viewers (+ LL-HLS + "
        "MJPEG), two server binaries side by side; and MJPEG to a slow client"};
    app.add_option("--old", old_server, "The first camstream-server binary (e.g. an old commit's)")
        ->required();
    app.add_option("--new", new_server, "The second camstream-server binary (the current one)")
        ->required();
    app.add_option("--old-name", o.names[0], "What to call the first in the table")
        ->capture_default_str();
    app.add_option("--new-name", o.names[1], "What to call the second")->capture_default_str();
    app.add_option("--viewers", o.viewers, "Viewer counts, one configuration each")
        ->capture_default_str();
    app.add_option("--mixed-viewers", o.mixed_viewers,
                   "Viewers beside the LL-HLS and MJPEG clients (second binary only; 0: skip)")
        ->capture_default_str();
    app.add_option("--frames", o.frames, "JPEGs per run")
        ->check(CLI::Range(10, 100000))
        ->capture_default_str();
    app.add_option("--fps", o.fps, "Camera frame rate")
        ->check(CLI::Range(1.0, 240.0))
        ->capture_default_str();
    app.add_option("--runs", o.runs, "Runs of each configuration (interleaved)")
        ->check(CLI::Range(1, 100))
        ->capture_default_str();
    app.add_option("--slow-seconds", o.slow_seconds, "Length of the slow MJPEG run (0: skip)")
        ->capture_default_str();
    app.add_option("--slow-fps", o.slow_fps, "Parts a second the slow MJPEG client reads")
        ->capture_default_str();
    app.add_option("--slow-rcvbuf", o.slow_rcvbuf, "SO_RCVBUF of the slow MJPEG client")
        ->capture_default_str();
    app.add_option("--server-log", o.server_log, "Where the servers' logs go")
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);
    o.servers = {old_server, new_server};
    o.mixed = o.mixed_viewers > 0;
    signal(SIGPIPE, SIG_IGN);

    // mock-camera's picture, 640x480, q80, 4:2:0; the same bytes every time (fixed clock).
    const int slow_frames = static_cast<int>(std::lround(o.slow_seconds * o.fps));
    std::vector<Bytes> jpegs;
    try {
        jpegs = test_jpegs(static_cast<std::size_t>(std::max(o.frames, slow_frames)), o.fps);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "consumers_bench: %s\n", e.what());
        return 1;
    }
    const JpegIndex index(jpegs);

    std::vector<Config> configs;
    for (std::size_t srv = 0; srv < 2; ++srv)
        for (int v : o.viewers) configs.push_back({srv, v, false});
    if (o.mixed) configs.push_back({1, o.mixed_viewers, true});

    std::printf(
        "consumers_bench: %d JPEGs 640x480 q80 4:2:0 (mean %.1f KiB) at %g fps per run, "
        "%d interleaved runs per configuration\n",
        o.frames, mean_kib(jpegs), o.fps, o.runs);
    for (std::size_t i = 0; i < 2; ++i)
        std::printf("  %-8s %s --listen 127.0.0.1 --port 0 --camera-port -1\n", o.names[i].c_str(),
                    o.servers[i].c_str());
    std::printf("  logs: %s\n\n", o.server_log.c_str());

    std::map<std::pair<std::size_t, std::string>, std::vector<Sample>> results;
    for (int run = 0; run < o.runs; ++run) {
        for (std::size_t i = 0; i < configs.size(); ++i) {
            const Config& c = configs[(i + static_cast<std::size_t>(run) * 3) % configs.size()];
            Sample s = run_config(o, c, jpegs, index);
            std::printf(
                "  run %d %-8s %-16s CPU %7.1f ms = %5s ms/frame  (this program %s ms/frame)"
                "  peak RSS %s MiB  fragments min %d/%d  latency v1 %s ms, all %s ms%s%s\n",
                run + 1, o.names[c.server].c_str(), c.key().c_str(), s.cpu_ms,
                show(s.cpu_ms / o.frames).c_str(), show(s.bench_cpu_ms / o.frames).c_str(),
                show(s.peak_rss_mib, 1).c_str(), s.min_frames, o.frames,
                show(s.latency_v1_ms).c_str(), show(s.latency_all_ms).c_str(),
                s.error.empty() ? "" : "  ERROR: ", s.error.c_str());
            if (!s.extra.empty()) std::printf("        %s\n", s.extra.c_str());
            std::fflush(stdout);
            results[{c.server, c.key()}].push_back(std::move(s));
        }
    }

    struct Med {
        double cpu = kNaN, rss = kNaN, lat1 = kNaN, lat_all = kNaN;
        int min_frames = 0;
        bool present = false;
    };
    auto med = [&](std::size_t srv, const std::string& key) {
        Med m;
        const auto it = results.find({srv, key});
        if (it == results.end()) return m;
        std::vector<double> cpu, rss, lat1, lat_all;
        m.min_frames = o.frames;
        for (const auto& s : it->second) {
            cpu.push_back(s.cpu_ms / o.frames);
            rss.push_back(s.peak_rss_mib);
            lat1.push_back(s.latency_v1_ms);
            lat_all.push_back(s.latency_all_ms);
            m.min_frames = std::min(m.min_frames, s.min_frames);
        }
        m.cpu = median(cpu);
        m.rss = median(rss);
        m.lat1 = median(lat1);
        m.lat_all = median(lat_all);
        m.present = true;
        return m;
    };

    const std::string& a = o.names[0];
    const std::string& b = o.names[1];
    std::printf(
        "\nMedians of %d runs; one camera, %d JPEGs at %g fps; server CPU (user+sys, all "
        "threads) per JPEG in:\n\n",
        o.runs, o.frames, o.fps);
    std::printf(
        "| consumers | %s CPU ms/frame | %s CPU ms/frame | %s/%s | latency to viewer 1, "
        "median ms (%s / %s) | all viewers, median ms (%s / %s) | peak RSS MiB (%s / %s) "
        "| fewest fragments to a viewer |\n",
        a.c_str(), b.c_str(), b.c_str(), a.c_str(), a.c_str(), b.c_str(), a.c_str(), b.c_str(),
        a.c_str(), b.c_str());
    std::printf("|---|---|---|---|---|---|---|---|\n");
    std::vector<std::string> keys;
    for (int v : o.viewers) keys.push_back(Config{0, v, false}.key());
    if (o.mixed) keys.push_back(Config{1, o.mixed_viewers, true}.key());
    for (const auto& key : keys) {
        const Med x = med(0, key);
        const Med y = med(1, key);
        std::string label = key;
        if (key.find('+') != std::string::npos) {
            label = std::to_string(o.mixed_viewers) + " WS viewers + 1 LL-HLS + 1 MJPEG";
        } else {
            label += key == "1" ? " WS viewer" : " WS viewers";
        }
        std::printf("| %s | %s | %s | %s | %s / %s | %s / %s | %s / %s | %s / %s |\n",
                    label.c_str(), show(x.cpu).c_str(), show(y.cpu).c_str(),
                    x.present && y.present ? ("×" + show(y.cpu / x.cpu)).c_str() : "–",
                    show(x.lat1, 1).c_str(), show(y.lat1, 1).c_str(), show(x.lat_all, 1).c_str(),
                    show(y.lat_all, 1).c_str(), show(x.rss, 1).c_str(), show(y.rss, 1).c_str(),
                    x.present ? std::to_string(x.min_frames).c_str() : "–",
                    y.present ? std::to_string(y.min_frames).c_str() : "–");
    }
    std::printf(
        "\nCPU: /proc/<pid>/stat utime+stime of the server (10 ms ticks), from when it is idle "
        "after the\nhandshakes until every viewer has read every fragment, divided by the JPEGs "
        "sent. Latency: writing a\nJPEG to the camera socket -> reading its fMP4 fragment on a "
        "viewer socket (viewer 1 connected first).\nThis program's clients run on the same cores "
        "(their CPU per frame is printed with each run).\n");

    if (o.slow_seconds > 0) run_slow_mjpeg(o, jpegs, index);
    return 0;
}
