#include "server/http_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/dispatch.hpp>

#include "server/camera_path.hpp"
#include "server/camera_session.hpp"
#include "server/events_session.hpp"
#include "server/mjpeg_session.hpp"
#include "server/tls_certificates.hpp"
#include "server/viewer_session.hpp"
#include "server/ws_route.hpp"

namespace camstream::server {

HttpSession::HttpSession(tcp::socket&& socket, ServerContext context,
                         std::shared_ptr<const HttpRoutes> routes, bool camera_port_only)
    : stream_(std::move(socket), context.tls ? context.tls->current() : nullptr),
      context_(context),
      routes_(std::move(routes)),
      camera_port_only_(camera_port_only) {}

void HttpSession::run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        auto* tls = self->stream_.tls();
        if (tls == nullptr) {
            self->do_read();
            return;
        }
        // The same deadline as a request's: a peer that connects and says nothing goes.
        self->stream_.next_layer().expires_after(std::chrono::seconds(30));
        tls->async_handshake(net::ssl::stream_base::server,
                             beast::bind_front_handler(&HttpSession::on_handshake, self));
    });
}

void HttpSession::on_handshake(beast::error_code ec) {
    if (ec) {
        // Plain HTTP to this port, an untrusting client, a scanner: only this connection ends.
        spdlog::debug("TLS handshake with {} failed: {}", describe_peer(stream_.socket()),
                      ec.message());
        return;
    }
    do_read();
}

void HttpSession::do_read() {
    parser_.emplace();
    parser_->body_limit(64 * 1024);  // only the login form has a body
    stream_.next_layer().expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        shut_down();
        return;
    }
    if (ec) return;  // timeouts and resets of plain HTTP clients are not worth a log line
    HttpRequest request = parser_->release();
    if (auto refusal = routes_->guard().check(request, peer_address(stream_.socket()))) {
        send(std::move(*refusal));
        return;
    }
    if (websocket::is_upgrade(request)) {
        upgrade(std::move(request));
        return;
    }
    if (!camera_port_only_ && route_camera_stream(request)) return;
    send(routes_->handle(request));
}

namespace {
// ?fps=N of an MJPEG URL: 0 when absent, -1 when not a positive number.
double requested_fps(std::string_view target) {
    const auto query = target.find('?');
    if (query == std::string_view::npos) return 0;
    std::string_view rest = target.substr(query + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        if (pair.starts_with("fps=")) {
            try {
                std::size_t used = 0;
                const std::string value(pair.substr(4));
                const double fps = std::stod(value, &used);
                return used == value.size() && fps > 0 && fps <= 1000 ? fps : -1;
            } catch (const std::exception&) {
                return -1;
            }
        }
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return 0;
}
}  // namespace

bool HttpSession::route_camera_stream(HttpRequest& request) {
    if (request.method() != http::verb::get && request.method() != http::verb::head) return false;
    const CameraPath route = parse_camera_path(path_of(request.target()));
    if (route.kind == CameraPath::Kind::hls) {
        // Held requests keep this session (and its connection) until answered.
        context_.hls.handle(request, route.camera_id, route.file,
                            [self = shared_from_this()](HttpResponse response) {
                                self->send(std::move(response));
                            });
        return true;
    }
    if (route.kind != CameraPath::Kind::mjpeg) return false;

    const double fps = requested_fps(request.target());
    if (fps < 0) {
        send(text_response(request, http::status::bad_request,
                           "fps must be a number above 0 (at most 1000)\n"));
        return true;
    }
    const auto camera = context_.hub.find(route.camera_id);
    if (!camera) {
        send(text_response(request, http::status::not_found,
                           "no camera '" + route.camera_id + "'\n"));
        return true;
    }
    if (!camera->connected()) {
        send(text_response(request, http::status::service_unavailable,
                           "camera '" + route.camera_id + "' is offline\n"));
        return true;
    }
    if (request.method() == http::verb::head) {
        auto response = bytes_response(request, http::status::ok, {},
                                       "multipart/x-mixed-replace; boundary=camstreamframe");
        // A GET gets an endless stream, so HEAD has no length to state ("0" would say the
        // stream is empty).
        response.erase(http::field::content_length);
        send(std::move(response));
        return true;
    }
    auto place =
        context_.admission.viewer(route.camera_id, "mjpeg", peer_address(stream_.socket()));
    if (!place) {
        refuse(request, place.refusal);
        return true;
    }
    hold(std::move(*place.slot));
    stream_.next_layer().expires_never();
    hand_over(std::make_shared<MjpegSession>(std::move(stream_), context_, camera, fps))
        ->run(request);
    return true;
}

void HttpSession::upgrade(HttpRequest request) {
    const WsRoute route = parse_ws_route(request.target(), camera_port_only_);
    std::shared_ptr<stream::CameraStream> camera;
    // With camera tokens only a camera (let in by its token) creates an id: a viewer naming
    // one no camera has used gets 404 instead of filling the hub with ids.
    if (route.kind == WsRoute::Kind::viewer && context_.config.auth.cameras_need_token() &&
        !context_.hub.find(route.camera_id)) {
        send(text_response(request, http::status::not_found,
                           "no camera '" + route.camera_id + "'\n"));
        return;
    }
    if (route.kind == WsRoute::Kind::camera || route.kind == WsRoute::Kind::viewer) {
        // Before the upgrade, so a client over a limit gets a 503 that says which.
        const std::string peer = peer_address(stream_.socket());
        auto place = route.kind == WsRoute::Kind::camera
                         ? context_.admission.camera(route.camera_id, peer)
                         : context_.admission.viewer(route.camera_id, "websocket", peer);
        if (!place) {
            refuse(request, place.refusal);
            return;
        }
        hold(std::move(*place.slot));
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
            hand_over(
                std::make_shared<CameraSession>(std::move(stream_), context_, std::move(camera)))
                ->run(std::move(request));
            return;
        case WsRoute::Kind::viewer:
            hand_over(
                std::make_shared<ViewerSession>(std::move(stream_), context_, std::move(camera)))
                ->run(std::move(request));
            return;
        case WsRoute::Kind::events:
            hand_over(std::make_shared<EventsSession>(std::move(stream_), context_))
                ->run(std::move(request));
            return;
        case WsRoute::Kind::bad_id:
            spdlog::warn("refused WebSocket {}: bad camera id", std::string(request.target()));
            send(text_response(request, http::status::bad_request,
                               "camera id must be 1-64 characters of A-Z a-z 0-9 _ -\n"));
            return;
        case WsRoute::Kind::not_found:
            send(text_response(
                request, http::status::not_found,
                "WebSocket endpoints: /ws/camera[/<id>], /ws/viewer[/<id>], /ws/events\n"));
            return;
    }
}

void HttpSession::refuse(const HttpRequest& request, const std::string& why) {
    auto response = text_response(request, http::status::service_unavailable, why);
    // Only this request is refused; the connection keeps its own place and stays usable.
    send(std::move(response));
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
        shut_down();
        return;
    }
    do_read();
}

void HttpSession::shut_down() {
    auto* tls = stream_.tls();
    if (tls == nullptr) {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        return;
    }
    stream_.next_layer().expires_after(std::chrono::seconds(5));
    tls->async_shutdown([self = shared_from_this()](beast::error_code) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    });
}

}  // namespace camstream::server
