// mock-camera: behaves like the ESP32 camera. Draws an animated test pattern,
// JPEG-encodes it and sends each frame as one binary WebSocket message to
// camstream-server, reconnecting with backoff when the server is away.
// Flags and wiring only; the behaviour lives in src/camera.

#include <cstdint>
#include <exception>
#include <string>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "camera/jpeg_encoder.hpp"
#include "camera/mock_frame_source.hpp"
#include "camera/stream_loop.hpp"
#include "camera/termination_signals.hpp"
#include "camera/websocket_transport.hpp"
#include "camera/websocket_url.hpp"

namespace cam = camstream::camera;

int main(int argc, char** argv) {
    CLI::App app{"mock-camera: sends an animated test pattern as JPEG frames over WebSocket, like the ESP32 camera."};
    app.get_formatter()->column_width(30);

    std::string url = "ws://127.0.0.1:8080/ws/camera";
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string id;
    int width = 640, height = 480;
    double fps = 25.0;
    int quality = 80;
    std::uint64_t frames = 0;
    double duration = 0;
    std::string subsampling = "420";
    std::string log_level = "info";

    auto* url_opt = app.add_option("--url", url, "Server camera endpoint")->capture_default_str();
    auto* host_opt = app.add_option("--host", host, "Server host; with --port/--id builds ws://HOST:PORT/ws/camera[/ID]")
                         ->capture_default_str();
    auto* port_opt = app.add_option("--port", port, "Server port")->check(CLI::Range(1, 65535))->capture_default_str();
    auto* id_opt = app.add_option("--id", id, "Camera id (1-64 of A-Z a-z 0-9 _ -); none means camera 'default'");
    for (auto* opt : {host_opt, port_opt, id_opt}) opt->excludes(url_opt);
    app.add_option("--width", width, "Frame width in pixels")->check(CLI::Range(1, 8192))->capture_default_str();
    app.add_option("--height", height, "Frame height in pixels")->check(CLI::Range(1, 8192))->capture_default_str();
    app.add_option("--fps", fps, "Frames per second")->check(CLI::Range(0.1, 240.0))->capture_default_str();
    app.add_option("--quality", quality, "JPEG quality")->check(CLI::Range(1, 100))->capture_default_str();
    app.add_option("--frames", frames, "Stop after this many frames sent (0 = never)")->capture_default_str();
    app.add_option("--duration", duration, "Stop after this many seconds (0 = never)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--subsampling", subsampling, "JPEG chroma subsampling")
        ->check(CLI::IsMember({"420", "422", "444"}))
        ->capture_default_str();
    app.add_option("--log-level", log_level, "Log level")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
        ->capture_default_str();

    CLI11_PARSE(app, argc, argv);

    try {
        spdlog::set_level(spdlog::level::from_str(log_level));

        std::string why;
        const bool build_url = host_opt->count() > 0 || port_opt->count() > 0 || id_opt->count() > 0;
        const auto target = build_url ? cam::WebSocketUrl::for_camera(host, static_cast<std::uint16_t>(port), id, &why)
                                      : cam::WebSocketUrl::parse(url, &why);
        if (!target) {
            spdlog::error("bad {}: {}", build_url ? "--host/--port/--id" : "--url", why);
            return 2;
        }
        url = target->to_string();
        const auto sub = cam::parse_chroma_subsampling(subsampling).value_or(cam::ChromaSubsampling::k420);
        const std::string camera = target->camera_id().value_or("?");

        cam::MockFrameSource source{{.width = width,
                                     .height = height,
                                     .quality = quality,
                                     .subsampling = sub,
                                     .fps = fps,
                                     .label = "CAM " + camera}};
        cam::WebSocketTransport transport;
        cam::StreamLoop loop{source, transport,
                             {.url = url,
                              .fps = fps,
                              .max_frames = frames,
                              .max_duration = std::chrono::duration<double>(duration)}};

        std::string until = "until Ctrl-C";
        if (frames > 0 && duration > 0) until = fmt::format("for {} frames or {}s", frames, duration);
        else if (frames > 0) until = fmt::format("for {} frames", frames);
        else if (duration > 0) until = fmt::format("for {}s", duration);
        spdlog::info("mock-camera '{}': {}x{} JPEG (quality {}, {}) at {} fps to {}, {}", camera, width, height, quality,
                     cam::to_string(sub), fps, url, until);

        // Created after everything above and before the loop runs: from here on
        // SIGINT/SIGTERM ask the loop to stop instead of killing the process.
        cam::TerminationSignals signals{[&loop](int signo) {
            spdlog::info("{} received, stopping", cam::TerminationSignals::name(signo));
            loop.stop();
        }};
        loop.run();
        return 0;
    } catch (const std::exception& e) {
        spdlog::error("mock-camera: {}", e.what());
        return 1;
    }
}
