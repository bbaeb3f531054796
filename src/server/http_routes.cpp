#include "server/http_routes.hpp"

#include "server/api_json.hpp"
#include "server/metrics_text.hpp"
#include "server/ws_route.hpp"

namespace camstream::server {

HttpResponse text_response(const HttpRequest& request, http::status status, std::string body,
                           std::string_view content_type) {
    HttpResponse res{status, request.version()};
    res.set(http::field::server, "camstream");
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(request.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

HttpRoutes::HttpRoutes(ServerContext context, bool camera_port_only)
    : context_(context), files_(context.config.web_root), camera_port_only_(camera_port_only) {}

HttpResponse HttpRoutes::handle(const HttpRequest& request) const {
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
        return text_response(request, http::status::ok, metrics_text(context_.hub.snapshots()),
                             "text/plain; version=0.0.4");
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
    HttpResponse res =
        text_response(request, http::status::ok, std::move(file->body), file->content_type);
    if (request.method() == http::verb::head) res.body().clear();
    return res;
}

}  // namespace camstream::server
