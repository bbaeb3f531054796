// camstream-server: flags in, Server out. Everything worth testing lives in src/.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "server/server.hpp"

namespace {

// This machine's IPv4 addresses, so the start-up lines show URLs a camera on the LAN can use.
std::vector<std::string> local_addresses() {
    std::vector<std::string> result;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return result;
    for (ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
        if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) continue;
        if ((a->ifa_flags & IFF_LOOPBACK) != 0) continue;
        char text[INET_ADDRSTRLEN] = {};
        const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
        if (inet_ntop(AF_INET, &in->sin_addr, text, sizeof text) != nullptr) result.push_back(text);
    }
    freeifaddrs(list);
    return result;
}

void print_urls(const std::string& listen, std::uint16_t http_port, std::uint16_t camera_port) {
    // One machine-readable line first: scripts and tests take the ports from it.
    std::printf("camstream-server listening: http=%u camera=%u\n", http_port, camera_port);
    std::vector<std::string> hosts;
    if (listen == "0.0.0.0" || listen == "::") {
        hosts = local_addresses();
        hosts.insert(hosts.begin(), "127.0.0.1");
    } else {
        hosts.push_back(listen);
    }
    for (const auto& host : hosts) {
        std::printf("  open in a browser:   http://%s:%u/\n", host.c_str(), http_port);
    }
    for (const auto& host : hosts) {
        std::printf("  camera WebSocket:    ws://%s:%u/ws/camera[/<id>]", host.c_str(), http_port);
        if (camera_port != 0) std::printf("  or ws://%s:%u/", host.c_str(), camera_port);
        std::printf("\n");
    }
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    camstream::server::ServerConfig config;
    config.web_root = CAMSTREAM_WEB_ROOT;
    CLI::App app{"camstream-server: JPEG cameras in over WebSocket, live H.264 out to browsers"};
    int http_port = config.http_port;
    double keyframe_seconds = 2.0;
    int stats_seconds = 10;
    std::string log_level = "info";
    auto& enc = config.stream.encoder;
    app.add_option("--listen", config.listen_address, "Address to listen on")
        ->capture_default_str();
    app.add_option("--port", http_port,
                   "HTTP/WebSocket port (web client, viewers, cameras); 0 picks a free one")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    app.add_option("--camera-port", config.camera_port,
                   "Camera-only WebSocket port (any path is a camera); 0 picks a free one, -1 "
                   "turns it off")
        ->check(CLI::Range(-1, 65535))
        ->capture_default_str();
    app.add_option("--web-root", config.web_root, "Directory of the web client")
        ->check(CLI::ExistingDirectory)
        ->capture_default_str();
    app.add_option("--preset", enc.preset, "x264 preset (ultrafast ... veryslow)")
        ->check(CLI::IsMember({"ultrafast", "superfast", "veryfast", "faster", "fast", "medium",
                               "slow", "slower", "veryslow"}))
        ->capture_default_str();
    app.add_option("--profile", enc.profile, "H.264 profile")
        ->check(CLI::IsMember({"baseline", "main"}))
        ->capture_default_str();
    app.add_option("--bitrate", enc.bitrate_kbps,
                   "Target bitrate in kbit/s (0: constant quality, see --crf)")
        ->check(CLI::Range(0, 100000))
        ->capture_default_str();
    app.add_option("--crf", enc.crf, "Constant quality when --bitrate is 0 (lower is better)")
        ->check(CLI::Range(0, 51))
        ->capture_default_str();
    app.add_option("--keyframe-interval", keyframe_seconds, "Seconds between keyframes at most")
        ->check(CLI::Range(0.1, 60.0))
        ->capture_default_str();
    app.add_option("--max-message-size", config.max_message_bytes,
                   "Largest camera message in bytes; larger closes the camera with 1009")
        ->check(CLI::Range(1024, 64 * 1024 * 1024))
        ->capture_default_str();
    app.add_option("--max-dimension", config.stream.limits.max_width,
                   "Largest JPEG width or height accepted")
        ->check(CLI::Range(16, 16384))
        ->capture_default_str();
    app.add_option("--max-pixels", config.stream.limits.max_pixels,
                   "Largest JPEG width x height accepted (checked from the header, before "
                   "anything is allocated)")
        ->check(CLI::Range(std::uint64_t{256}, std::uint64_t{16384} * 16384))
        ->capture_default_str();
    app.add_option("--viewer-queue", config.viewer_queue_frames,
                   "Frames a slow viewer may fall behind before it skips to the next keyframe")
        ->check(CLI::Range(2, 1000))
        ->capture_default_str();
    app.add_option("--max-cameras", config.max_cameras,
                   "Distinct camera ids the server will track (cameras and viewers name them)")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--encoder-threads", enc.threads, "x264 threads per camera")
        ->check(CLI::Range(1, 16))
        ->capture_default_str();
    double hls_segment = 1.0;
    double hls_part = 0.2;
    app.add_option("--hls-segment", hls_segment,
                   "HLS segment length in seconds (each starts at a keyframe)")
        ->check(CLI::Range(0.5, 10.0))
        ->capture_default_str();
    app.add_option("--hls-part", hls_part, "LL-HLS partial segment length in seconds")
        ->check(CLI::Range(0.05, 2.0))
        ->capture_default_str();
    double linger_seconds = 10;
    double size_change_seconds = 2;
    app.add_option("--encoder-linger", linger_seconds,
                   "Seconds the H.264 encoder keeps running after the last viewer left")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    app.add_option("--min-size-change-interval", size_change_seconds,
                   "Seconds a camera must wait between picture size changes; a frame changing "
                   "it sooner is refused (each change restarts every viewer's stream)")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    app.add_option("--idle-fps", config.stream.idle_fps,
                   "Frame rate asked of a camera nobody watches (pace message; 0: never ask)")
        ->check(CLI::Range(0.0, 120.0))
        ->capture_default_str();
    app.add_option("--watched-fps", config.stream.watched_fps,
                   "Frame rate asked of a watched camera (it sends at most its own rate)")
        ->check(CLI::Range(0.0, 120.0))
        ->capture_default_str();
    bool no_pacing = false;
    app.add_flag("--no-pacing", no_pacing, "Never send cameras pace messages");
    int idle_seconds = static_cast<int>(config.idle_timeout.count());
    app.add_option("--idle-timeout", idle_seconds,
                   "Seconds without a pong before a camera or viewer is dropped")
        ->check(CLI::Range(2, 3600))
        ->capture_default_str();
    app.add_option("--stats-interval", stats_seconds, "Seconds between per-camera stats log lines")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
        ->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    config.http_port = static_cast<std::uint16_t>(http_port);
    config.stream.limits.max_height = config.stream.limits.max_width;
    config.stream.keyframe_interval =
        std::chrono::milliseconds(static_cast<int>(keyframe_seconds * 1000));
    config.hls.segment_target = std::chrono::milliseconds(std::lround(hls_segment * 1000));
    config.hls.part_target = std::chrono::milliseconds(std::lround(hls_part * 1000));
    if (config.hls.part_target > config.hls.segment_target) {
        std::cerr << "--hls-part must not be longer than --hls-segment\n";
        return 2;
    }
    config.stream.encoder_linger = std::chrono::milliseconds(std::lround(linger_seconds * 1000));
    config.stream.min_size_change_interval =
        std::chrono::milliseconds(std::lround(size_change_seconds * 1000));
    if (no_pacing) config.stream.idle_fps = config.stream.watched_fps = 0;
    config.stats_interval = std::chrono::seconds(stats_seconds);
    config.idle_timeout = std::chrono::seconds(idle_seconds);
    // Logs go to stderr; stdout carries only the start-up lines with the URLs.
    spdlog::set_default_logger(spdlog::stderr_color_mt("camstream"));
    spdlog::set_level(spdlog::level::from_str(log_level));
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");

    try {
        camstream::server::Server server(config);
        server.run([&](std::uint16_t http, std::uint16_t camera) {
            print_urls(config.listen_address, http, camera);
        });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "camstream-server: error: %s\n", e.what());
        return 1;
    }
    spdlog::info("stopped");
    return 0;
}
