#include "server/http_session.hpp"

#include <spdlog/spdlog.h>

#include "server/camera_session.hpp"
#include "server/viewer_session.hpp"
#include "server/ws_route.hpp"

namespace camstream::server {

HttpSession::HttpSession(tcp::socket&& socket, ServerContext context,
                         std::shared_ptr<const HttpRoutes> routes, bool camera_port_only)
    : stream_(std::move(socket)),
      context_(context),
      routes_(std::move(routes)),
      camera_port_only_(camera_port_only) {}

void HttpSession::run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
    parser_.emplace();
    parser_->body_limit(64 * 1024);  // no route takes a body
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
    }
    if (ec) return;  // timeouts and resets of plain HTTP clients are not worth a log line
    HttpRequest request = parser_->release();
    if (websocket::is_upgrade(request)) {
        upgrade(std::move(request));
        return;
    }
    send(routes_->handle(request));
}

void HttpSession::upgrade(HttpRequest request) {
    const WsRoute route = parse_ws_route(request.target(), camera_port_only_);
    std::shared_ptr<stream::Camera> camera;
    if (route.kind == WsRoute::Kind::camera || route.kind == WsRoute::Kind::viewer) {
        camera = context_.hub.camera(route.camera_id);
        if (!camera) {
            spdlog::warn("refused WebSocket {}: too many camera ids",
                         std::string(request.target()));
            send(text_response(request, http::status::service_unavailable,
                               "this server already has its maximum number of camera ids\n"));
            return;
        }
    }
    switch (route.kind) {
        case WsRoute::Kind::camera:
            std::make_shared<CameraSession>(stream_.release_socket(), context_, std::move(camera))
                ->run(std::move(request));
            return;
        case WsRoute::Kind::viewer:
            std::make_shared<ViewerSession>(stream_.release_socket(), context_, std::move(camera))
                ->run(std::move(request));
            return;
        case WsRoute::Kind::bad_id:
            spdlog::warn("refused WebSocket {}: bad camera id", std::string(request.target()));
            send(text_response(request, http::status::bad_request,
                               "camera id must be 1-64 characters of A-Z a-z 0-9 _ -\n"));
            return;
        case WsRoute::Kind::not_found:
            send(text_response(request, http::status::not_found,
                               "WebSocket endpoints: /ws/camera[/<id>], /ws/viewer[/<id>]\n"));
            return;
    }
}

void HttpSession::send(HttpResponse response) {
    response_ = std::make_shared<HttpResponse>(std::move(response));
    const bool keep_alive = response_->keep_alive();
    http::async_write(
        stream_, *response_,
        beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), keep_alive));
}

void HttpSession::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    response_.reset();
    if (ec) return;
    if (!keep_alive) {
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        return;
    }
    do_read();
}

}  // namespace camstream::server
