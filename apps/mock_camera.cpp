// mock-camera: behaves like the ESP32 camera. Draws an animated test pattern,
// JPEG-encodes it and sends each frame as one binary WebSocket message to
// camstream-server, reconnecting with backoff when the server is away.
//
// Two ways to run it:
//   - flags only (the default): stream to --url or --host/--port/--id until
//     --frames, --duration or Ctrl-C;
//   - --console: the device's console on stdin (stream set host ..., stream
//     start, ...), settings saved in --state-file as the device saves them in
//     NVS. With a saved host it streams at once, as the device does after
//     boot. End of input (Ctrl-D) ends the program.
// Flags and wiring only; the behaviour lives in src/camera.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "camera/core/camera_app.hpp"
#include "camera/core/file_console_output.hpp"
#include "camera/core/settings_store.hpp"
#include "camera/core/stream_loop.hpp"
#include "camera/core/websocket_url.hpp"
#include "camera/host/file_key_value_store.hpp"
#include "camera/host/frame_log.hpp"
#include "camera/host/jpeg_encoder.hpp"
#include "camera/host/mock_board.hpp"
#include "camera/host/mock_frame_source.hpp"
#include "camera/host/mock_wifi_control.hpp"
#include "camera/host/spdlog_log_sink.hpp"
#include "camera/host/stdio_repl.hpp"
#include "camera/host/steady_clock.hpp"
#include "camera/host/termination_signals.hpp"
#include "camera/host/user_config_path.hpp"
#include "camera/host/websocket_transport.hpp"

namespace cam = camstream::camera;
using namespace std::chrono_literals;

namespace {

struct Flags {
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
    bool console = false;
    bool no_pacing = false;
    bool frame_code = false;
    std::string frame_log;
    std::string state_file;
    std::string ca_file;  // wss://: trust this CA (PEM) instead of the system's
    std::string token;          // the camera's token; empty: none
    bool token_header = false;  // send it as Authorization: Bearer instead of ?token=
    // Which of the flags were given (in console mode they override the defaults).
    bool host_given = false, port_given = false, id_given = false, fps_given = false,
         quality_given = false;
};

// What both modes share: the transport's timeouts as mock-camera always had
// them (3 s to connect, 5 s per frame: a loaded CI machine can stall a second),
// and whether the server's pace is obeyed.
cam::StreamConfig stream_base(const Flags& f) {
    cam::StreamConfig base;
    base.connect_timeout = cam::WebSocketTransport::kDefaultConnectTimeout;
    base.send_timeout = cam::WebSocketTransport::kDefaultSendTimeout;
    base.obey_pace = !f.no_pacing;
    return base;
}

// `log` (may be null) records when each frame leaves.
cam::MockFrameSource::Options source_options(const Flags& f, int quality, double fps,
                                             const std::string& camera, cam::FrameLog* log) {
    cam::MockFrameSource::Options o;
    o.width = f.width;
    o.height = f.height;
    o.quality = quality;
    o.subsampling =
        cam::parse_chroma_subsampling(f.subsampling).value_or(cam::ChromaSubsampling::k420);
    o.fps = fps;
    o.label = "CAM " + camera;
    o.frame_code = f.frame_code;
    if (log) {
        o.on_captured = [log](std::uint64_t frame) {
            log->record(frame, std::chrono::system_clock::now());
        };
    }
    return o;
}

int run_flags_only(const Flags& f) {
    std::string why;
    const bool build_url = f.host_given || f.port_given || f.id_given;
    const auto target = build_url ? cam::WebSocketUrl::for_camera(
                                        f.host, static_cast<std::uint16_t>(f.port), f.id, &why)
                                  : cam::WebSocketUrl::parse(f.url, &why);
    if (!target) {
        spdlog::error("bad {}: {}", build_url ? "--host/--port/--id" : "--url", why);
        return 2;
    }
    std::string url = target->to_string();
    const std::string camera = target->camera_id().value_or("?");
    // Logged without the token.
    const std::string shown_url = url;
    if (!f.token.empty()) url += (url.find('?') == std::string::npos ? "?token=" : "&token=") + f.token;

    std::unique_ptr<cam::FrameLog> frame_log;
    if (!f.frame_log.empty()) frame_log = std::make_unique<cam::FrameLog>(f.frame_log);
    cam::MockFrameSource source{source_options(f, f.quality, f.fps, camera, frame_log.get())};
    cam::WebSocketTransport transport;
    if (!f.ca_file.empty()) transport.trust_ca_file(f.ca_file);
    transport.send_token_as_bearer(f.token_header);
    cam::SteadyClock clock;
    cam::SpdlogLogSink log;
    cam::StreamLoop::Options options;
    options.stream = stream_base(f);
    options.stream.url = url;
    options.stream.frame_interval = std::chrono::duration_cast<cam::Clock::Duration>(
        std::chrono::duration<double>(1.0 / f.fps));
    options.max_frames = f.frames;
    options.max_duration =
        std::chrono::duration_cast<cam::Clock::Duration>(std::chrono::duration<double>(f.duration));
    options.jitter_seed = std::random_device{}();
    cam::StreamLoop loop{source, transport, clock, log, options};

    std::string until = "until Ctrl-C";
    if (f.frames > 0 && f.duration > 0)
        until = fmt::format("for {} frames or {}s", f.frames, f.duration);
    else if (f.frames > 0)
        until = fmt::format("for {} frames", f.frames);
    else if (f.duration > 0)
        until = fmt::format("for {}s", f.duration);
    spdlog::info("mock-camera '{}': {}x{} JPEG (quality {}, {}) at {} fps to {}, {}", camera,
                 f.width, f.height, f.quality, f.subsampling, f.fps, shown_url, until);

    // Created after everything above and before the loop runs: from here on
    // SIGINT/SIGTERM ask the loop to stop instead of killing the process.
    cam::TerminationSignals signals{[&loop](int signo) {
        spdlog::info("{} received, stopping", cam::TerminationSignals::name(signo));
        loop.shutdown();
    }};
    loop.run();
    return 0;
}

// The flags play the part of the device's Kconfig: defaults that saved
// settings override.
bool console_defaults(const Flags& f, cam::Settings& d) {
    if (f.fps_given && (f.fps < 1.0 || f.fps > 100.0)) {
        spdlog::error("--fps must be 1-100 with --console (a frame interval of 10-1000 ms)");
        return false;
    }
    if (f.host_given) d.host = f.host;
    if (f.port_given) d.port = static_cast<std::uint16_t>(f.port);
    if (f.id_given) d.camera_id = f.id;
    if (f.fps_given) d.frame_interval_ms = static_cast<std::uint32_t>(std::lround(1000.0 / f.fps));
    if (f.quality_given) d.jpeg_quality = f.quality;
    if (!f.token.empty()) d.token = f.token;
    if (const cam::Status ok = d.validate(); !ok) {
        spdlog::error("bad flags for --console: {}", ok.message());
        return false;
    }
    return true;
}

int run_console(const Flags& f) {
    cam::Settings defaults;
    if (!console_defaults(f, defaults)) return 2;
    cam::SpdlogLogSink log;
    const std::string path =
        f.state_file.empty() ? cam::user_config_path("mock-camera.conf") : f.state_file;
    cam::FileKeyValueStore file{path};
    if (const cam::Status loaded = file.load(); !loaded) spdlog::warn("{}", loaded.message());
    cam::SettingsStore store{file};
    const cam::Settings settings = store.load(defaults, log);
    spdlog::info("mock-camera console; settings in {}; type help for the commands, Ctrl-D to quit",
                 path);

    const std::string camera = settings.camera_id.empty() ? "default" : settings.camera_id;
    std::unique_ptr<cam::FrameLog> frame_log;
    if (!f.frame_log.empty()) frame_log = std::make_unique<cam::FrameLog>(f.frame_log);
    cam::MockFrameSource source{source_options(
        f, settings.jpeg_quality, 1000.0 / static_cast<double>(settings.frame_interval_ms), camera,
        frame_log.get())};
    cam::WebSocketTransport transport;
    if (!f.ca_file.empty()) transport.trust_ca_file(f.ca_file);
    transport.send_token_as_bearer(f.token_header);
    cam::SteadyClock clock;
    cam::StreamLoop::Options options;
    options.jitter_seed = std::random_device{}();
    cam::StreamLoop loop{source, transport, clock, log, options};
    cam::MockWifiControl wifi;
    cam::MockBoard board;
    cam::CameraApp app{settings, defaults, store, {loop, wifi, board, log}, stream_base(f)};

    cam::FileConsoleOutput out{stdout};
    // Prompts only for a person at a terminal; piped sessions read answers only.
    cam::StdioRepl repl{app.console(), STDIN_FILENO, out,
                        ::isatty(STDIN_FILENO) ? cam::Console::kPrompt : ""};
    // Before any other thread starts, so all of them inherit the blocked signals.
    cam::TerminationSignals signals{[&repl](int signo) {
        spdlog::info("{} received, stopping", cam::TerminationSignals::name(signo));
        repl.interrupt();
    }};
    std::thread streaming{[&loop] { loop.run(); }};
    app.boot();
    repl.run();
    loop.shutdown();
    streaming.join();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "mock-camera: sends an animated test pattern as JPEG frames over WebSocket, like the ESP32 "
        "camera."};
    app.get_formatter()->column_width(30);
    Flags f;

    auto* url_opt =
        app.add_option("--url", f.url, "Server camera endpoint (ws://, or wss:// for TLS)")
            ->capture_default_str();
    auto* host_opt =
        app.add_option("--host", f.host,
                       "Server host; with --port/--id builds ws://HOST:PORT/ws/camera[/ID]")
            ->capture_default_str();
    auto* port_opt = app.add_option("--port", f.port, "Server port")
                         ->check(CLI::Range(1, 65535))
                         ->capture_default_str();
    auto* id_opt = app.add_option(
        "--id", f.id, "Camera id (1-64 of A-Z a-z 0-9 _ -); none means camera 'default'");
    for (auto* opt : {host_opt, port_opt, id_opt}) opt->excludes(url_opt);
    app.add_option("--width", f.width, "Frame width in pixels")
        ->check(CLI::Range(1, 8192))
        ->capture_default_str();
    app.add_option("--height", f.height, "Frame height in pixels")
        ->check(CLI::Range(1, 8192))
        ->capture_default_str();
    auto* fps_opt = app.add_option("--fps", f.fps, "Frames per second")
                        ->check(CLI::Range(0.1, 240.0))
                        ->capture_default_str();
    auto* quality_opt = app.add_option("--quality", f.quality, "JPEG quality")
                            ->check(CLI::Range(1, 100))
                            ->capture_default_str();
    auto* frames_opt =
        app.add_option("--frames", f.frames, "Stop after this many frames sent (0 = never)")
            ->capture_default_str();
    auto* duration_opt =
        app.add_option("--duration", f.duration, "Stop after this many seconds (0 = never)")
            ->check(CLI::NonNegativeNumber)
            ->capture_default_str();
    app.add_option("--subsampling", f.subsampling, "JPEG chroma subsampling")
        ->check(CLI::IsMember({"420", "422", "444"}))
        ->capture_default_str();
    app.add_option("--log-level", f.log_level, "Log level")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
        ->capture_default_str();
    auto* console_opt = app.add_flag(
        "--console", f.console,
        "Read the device's console commands from stdin (help lists them); settings persist "
        "in --state-file, and --host/--port/--id/--fps/--quality become the defaults");
    app.add_option(
           "--state-file", f.state_file,
           "Settings file for --console (default: $XDG_CONFIG_HOME/camstream/mock-camera.conf or "
           "~/.config/camstream/mock-camera.conf)")
        ->needs(console_opt);
    app.add_flag("--no-pacing", f.no_pacing,
                 "Ignore the server's pace messages: always send at --fps (or the saved interval)");
    app.add_flag("--frame-code", f.frame_code,
                 "Also draw the frame number as a row of black and white blocks along the "
                 "bottom, which a program can read back from the video");
    app.add_option("--ca-file", f.ca_file,
                   "For a wss:// URL: trust the server's certificate when it chains to this CA "
                   "certificate (PEM) instead of the system's CAs")
        ->check(CLI::ExistingFile);
    app.add_option("--frame-log", f.frame_log,
                   "Write one line per frame sent to this file: frame number, then wall-clock "
                   "ms since the Unix epoch (for measuring delay from outside)");
    app.add_option("--token", f.token,
                   "The camera's token for a server with --camera-token; sent as ?token= "
                   "(with --console: the token default, as the firmware's menuconfig sets it)")
        ->check([](const std::string& token) {
            const cam::Status ok = cam::Settings::check_token(token);
            return ok ? std::string() : ok.message();
        });
    app.add_flag("--token-header", f.token_header,
                 "Send the token as 'Authorization: Bearer' instead of ?token= (kept out of "
                 "URLs, which servers and proxies log)");
    for (auto* opt : {url_opt, frames_opt, duration_opt}) opt->excludes(console_opt);

    CLI11_PARSE(app, argc, argv);
    f.host_given = host_opt->count() > 0;
    f.port_given = port_opt->count() > 0;
    f.id_given = id_opt->count() > 0;
    f.fps_given = fps_opt->count() > 0;
    f.quality_given = quality_opt->count() > 0;

    try {
        // Logs go to stderr, leaving stdout to the console's answers.
        spdlog::set_default_logger(spdlog::stderr_color_mt("mock-camera"));
        spdlog::set_level(spdlog::level::from_str(f.log_level));
        return f.console ? run_console(f) : run_flags_only(f);
    } catch (const std::exception& e) {
        spdlog::error("mock-camera: {}", e.what());
        return 1;
    }
}
