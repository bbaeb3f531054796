#include "server/server_options.hpp"

#include <cmath>
#include <stdexcept>

namespace camstream::server {

namespace {
std::chrono::milliseconds milliseconds_of(double seconds) {
    return std::chrono::milliseconds(std::lround(seconds * 1000));
}
}  // namespace

void add_server_options(CLI::App& app, ServerOptions& o) {
    app.add_option("--listen", o.config.listen_address, "Address to listen on")
        ->capture_default_str();
    app.add_option("--port", o.http_port,
                   "HTTP/WebSocket port (web client, viewers, cameras); 0 picks a free one")
        ->check(CLI::Range(0, 65535))
        ->capture_default_str();
    app.add_option("--camera-port", o.config.camera_port,
                   "Camera-only WebSocket port (any path is a camera); 0 picks a free one, -1 "
                   "turns it off")
        ->check(CLI::Range(-1, 65535))
        ->capture_default_str();
    app.add_option("--web-root", o.config.web_root, "Directory of the web client")
        ->check(CLI::ExistingDirectory)
        ->capture_default_str();
    app.add_option("--tls-cert", o.config.tls_cert,
                   "TLS certificate (PEM, chain after it): https:// and wss:// on both ports; "
                   "reloaded on SIGHUP or when the file changes")
        ->check(CLI::ExistingFile);
    app.add_option("--tls-key", o.config.tls_key, "Private key (PEM) of --tls-cert")
        ->check(CLI::ExistingFile);
    app.add_option("--preset", o.config.stream.encoder.preset,
                   "x264 preset (ultrafast ... veryslow)")
        ->check(CLI::IsMember({"ultrafast", "superfast", "veryfast", "faster", "fast", "medium",
                               "slow", "slower", "veryslow"}))
        ->capture_default_str();
    app.add_option("--profile", o.config.stream.encoder.profile, "H.264 profile")
        ->check(CLI::IsMember({"baseline", "main"}))
        ->capture_default_str();
    app.add_option("--bitrate", o.config.stream.encoder.bitrate_kbps,
                   "Target bitrate in kbit/s (0: constant quality, see --crf)")
        ->check(CLI::Range(0, 100000))
        ->capture_default_str();
    app.add_option("--crf", o.config.stream.encoder.crf,
                   "Constant quality when --bitrate is 0 (lower is better)")
        ->check(CLI::Range(0, 51))
        ->capture_default_str();
    app.add_option("--keyframe-interval", o.keyframe_seconds, "Seconds between keyframes at most")
        ->check(CLI::Range(0.1, 60.0))
        ->capture_default_str();
    app.add_option("--max-message-size", o.config.max_message_bytes,
                   "Largest camera message in bytes; larger closes the camera with 1009")
        ->check(CLI::Range(1024, 64 * 1024 * 1024))
        ->capture_default_str();
    app.add_option("--max-dimension", o.config.stream.limits.max_width,
                   "Largest JPEG width or height accepted")
        ->check(CLI::Range(16, 16384))
        ->capture_default_str();
    app.add_option("--max-pixels", o.config.stream.limits.max_pixels,
                   "Largest JPEG width x height accepted (checked from the header, before "
                   "anything is allocated)")
        ->check(CLI::Range(std::uint64_t{256}, std::uint64_t{16384} * 16384))
        ->capture_default_str();
    app.add_option("--viewer-queue", o.config.viewer_queue_frames,
                   "Frames a slow viewer may fall behind before it skips to the next keyframe")
        ->check(CLI::Range(2, 1000))
        ->capture_default_str();
    app.add_option("--max-cameras", o.config.max_cameras,
                   "Cameras streaming at once (distinct ids with a camera connected); a camera "
                   "with another id gets 503 before the upgrade")
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    app.add_option("--max-connections", o.config.max_connections,
                   "Open TCP connections in all, every kind; one more is answered 503 and closed "
                   "(the open files limit is raised to fit)")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    app.add_option("--max-connections-per-address", o.config.max_connections_per_address,
                   "Open TCP connections from one peer address; one more is answered 503 and "
                   "closed")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    app.add_option("--max-viewers-per-camera", o.config.max_viewers_per_camera,
                   "WebSocket viewers and MJPEG clients of one camera; one more gets 503")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    app.add_option("--encoder-threads", o.config.stream.encoder.threads, "x264 threads per camera")
        ->check(CLI::Range(1, 16))
        ->capture_default_str();
    app.add_option("--hls-segment", o.hls_segment,
                   "HLS segment length in seconds (each starts at a keyframe)")
        ->check(CLI::Range(0.5, 10.0))
        ->capture_default_str();
    app.add_option("--hls-part", o.hls_part, "LL-HLS partial segment length in seconds")
        ->check(CLI::Range(0.05, 2.0))
        ->capture_default_str();
    app.add_option("--encoder-linger", o.linger_seconds,
                   "Seconds the H.264 encoder keeps running after the last viewer left")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    app.add_option("--min-size-change-interval", o.size_change_seconds,
                   "Seconds a camera must wait between picture size changes; a frame changing "
                   "it sooner is refused (each change restarts every viewer's stream)")
        ->check(CLI::Range(0.0, 3600.0))
        ->capture_default_str();
    app.add_option("--camera-media-budget", o.media_budget_ms,
                   "Milliseconds of media-thread time (decode + encode) a camera may use per "
                   "second; a camera over it has its frames refused until it is back under. 0: a "
                   "fair share, the media threads divided by the cameras connected")
        ->check(CLI::Range(0, 100000))
        ->capture_default_str();
    app.add_option("--media-threads", o.config.media_threads,
                   "Threads that decode and encode (0: one per core)")
        ->check(CLI::Range(0, 256))
        ->capture_default_str();
    app.add_option("--idle-fps", o.config.stream.idle_fps,
                   "Frame rate asked of a camera nobody watches (pace message; 0: never ask)")
        ->check(CLI::Range(0.0, 120.0))
        ->capture_default_str();
    app.add_option("--watched-fps", o.config.stream.watched_fps,
                   "Frame rate asked of a watched camera (it sends at most its own rate)")
        ->check(CLI::Range(0.0, 120.0))
        ->capture_default_str();
    app.add_flag("--no-pacing", o.no_pacing, "Never send cameras pace messages");
    app.add_option("--idle-timeout", o.idle_seconds,
                   "Seconds without a pong before a camera or viewer is dropped")
        ->check(CLI::Range(2, 3600))
        ->capture_default_str();
    app.add_option("--write-deadline", o.write_deadline_seconds,
                   "Seconds one message to a viewer (WebSocket, events, MJPEG) may take to be "
                   "written; a viewer that stops reading longer is closed, pings or not")
        ->check(CLI::Range(0.1, 3600.0))
        ->capture_default_str();
    app.add_option("--stats-interval", o.stats_seconds,
                   "Seconds between per-camera stats log lines")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error or off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
        ->capture_default_str();
    app.add_option("--camera-token", o.camera_tokens,
                   "ID=TOKEN: camera ID publishes only with this token (Authorization: Bearer "
                   "or ?token=); *=TOKEN for ids without their own. Repeatable. With any, "
                   "other ids are refused and viewers cannot create ids")
        ->type_name("ID=TOKEN");
    app.add_option("--viewer-password", o.viewer_passwords,
                   "USER:PASSWORD: the page, /api, /status, streams and viewer WebSockets need "
                   "a login (form at /login, session cookie; HTTP Basic also works). Repeatable")
        ->type_name("USER:PASSWORD");
    app.add_option("--share-secret", o.config.auth.share_secret,
                   "Key that signs login cookies and share links "
                   "(/api/cameras/<id>/share?seconds=N). Unset: a random key per start, so "
                   "logins and share links end when the server restarts");
    app.add_option("--session-hours", o.session_hours, "Hours a login lasts")
        ->check(CLI::Range(0.01, 24.0 * 365))
        ->capture_default_str();
    app.add_option("--allowed-origin", o.allowed_origins,
                   "Origin (https://host[:port]) whose pages may open viewer WebSockets and "
                   "POST here, beside the server's own. Repeatable. Other origins get 403 "
                   "once any credential or origin is set")
        ->type_name("ORIGIN");
    app.add_option("--metrics-token", o.config.auth.metrics_token,
                   "/metrics needs Authorization: Bearer with this token. Unset: /metrics is "
                   "open, even with viewer passwords (Prometheus cannot log in)");
}

ServerConfig finish_server_options(const ServerOptions& o) {
    ServerConfig config = o.config;
    config.http_port = static_cast<std::uint16_t>(o.http_port);
    config.stream.limits.max_height = config.stream.limits.max_width;
    config.stream.keyframe_interval = milliseconds_of(o.keyframe_seconds);
    config.hls.segment_target = milliseconds_of(o.hls_segment);
    config.hls.part_target = milliseconds_of(o.hls_part);
    if (config.hls.part_target > config.hls.segment_target) {
        throw std::invalid_argument("--hls-part must not be longer than --hls-segment");
    }
    if (config.tls_cert.empty() != config.tls_key.empty()) {
        throw std::invalid_argument("--tls-cert and --tls-key go together");
    }
    config.stream.encoder_linger = milliseconds_of(o.linger_seconds);
    config.stream.min_size_change_interval = milliseconds_of(o.size_change_seconds);
    if (o.no_pacing) config.stream.idle_fps = config.stream.watched_fps = 0;
    config.stats_interval = std::chrono::seconds(o.stats_seconds);
    config.idle_timeout = std::chrono::seconds(o.idle_seconds);
    config.stream.media_budget = std::chrono::milliseconds(o.media_budget_ms);
    config.write_deadline = milliseconds_of(o.write_deadline_seconds);
    for (const auto& spec : o.camera_tokens) auth::add_camera_token(config.auth, spec);
    for (const auto& spec : o.viewer_passwords) auth::add_viewer_password(config.auth, spec);
    for (const auto& origin : o.allowed_origins) auth::add_allowed_origin(config.auth, origin);
    config.auth.session_lifetime = std::chrono::seconds(std::lround(o.session_hours * 3600));
    config.auth.secure_cookies = !config.tls_cert.empty();
    return config;
}

}  // namespace camstream::server
