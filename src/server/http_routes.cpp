#include "server/http_routes.hpp"

#include "server/api_json.hpp"
#include "server/camera_path.hpp"
#include "server/metrics_text.hpp"
#include "server/ws_route.hpp"

namespace camstream::server {

HttpRoutes::HttpRoutes(ServerContext context, bool camera_port_only)
    : context_(context),
      // The camera-only port serves no files: it neither loads nor watches the web root.
      files_(camera_port_only ? std::filesystem::path() : std::filesystem::path(context.config.web_root),
             StaticFiles::Limits{},
             camera_port_only ? std::chrono::milliseconds(0) : std::chrono::seconds(2)),
      camera_port_only_(camera_port_only),
      guard_(std::make_unique<AccessGuard>(context.config.auth, camera_port_only)),
      login_(guard_->authorizer()) {}

HttpResponse HttpRoutes::handle(const HttpRequest& request) const {
    if (!camera_port_only_) {
        if (auto answer = login_.handle(request)) return std::move(*answer);
    }
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        return text_response(request, http::status::method_not_allowed, "GET only\n");
    }
    std::string path;
    if (!percent_decode(path_of(request.target()), path)) {
        return text_response(request, http::status::bad_request, "malformed URL escape\n");
    }
    if (path == "/healthz") return text_response(request, http::status::ok, "ok\n");
    if (camera_port_only_) {
        return text_response(request, http::status::not_found,
                             "this port takes cameras: open a WebSocket and send JPEG frames\n");
    }
    if (path == "/status") {
        return text_response(request, http::status::ok, status_json(context_.hub.snapshots()),
                             "application/json");
    }
    if (path == "/api/cameras") {
        return text_response(request, http::status::ok, cameras_json(context_.hub.snapshots()),
                             "application/json");
    }
    if (path == "/metrics") {
        const Admission& limits = context_.admission;
        return text_response(request, http::status::ok,
                             metrics_text(context_.hub.snapshots(), context_.closed.counts()) +
                                 limits_metrics_text(limits.open_connections(),
                                                     limits.streaming_cameras(), limits.refused()),
                             "text/plain; version=0.0.4");
    }
    const CameraPath camera_path = parse_camera_path(path_of(request.target()));
    switch (camera_path.kind) {
        case CameraPath::Kind::bad_id:
            return text_response(request, http::status::bad_request,
                                 "camera id must be 1-64 characters of A-Z a-z 0-9 _ -\n");
        case CameraPath::Kind::snapshot:
            return snapshot(request, camera_path.camera_id);
        case CameraPath::Kind::mjpeg:
        case CameraPath::Kind::hls:  // answered by their own sessions, never here
        case CameraPath::Kind::none:
            break;
    }
    if (path.starts_with("/ws/")) {
        return text_response(request, http::status::upgrade_required,
                             "this is a WebSocket endpoint\n");
    }
    StaticFiles::Error error{};
    auto file = files_.read(path, error);
    if (!file) {
        return error == StaticFiles::Error::bad_path
                   ? text_response(request, http::status::bad_request, "bad path\n")
                   : text_response(request, http::status::not_found, "not found\n");
    }
    return bytes_response(request, http::status::ok, {std::move(file->body)}, file->content_type);
}

HttpResponse HttpRoutes::snapshot(const HttpRequest& request, const std::string& id) const {
    const auto camera = context_.hub.find(id);
    if (!camera) {
        return text_response(request, http::status::not_found, "no camera '" + id + "'\n");
    }
    auto jpeg = camera->latest_jpeg();
    if (!jpeg) {
        return text_response(request, http::status::service_unavailable,
                             "camera '" + id + "' is offline\n");
    }
    return bytes_response(request, http::status::ok, {std::move(jpeg)}, "image/jpeg");
}

}  // namespace camstream::server
