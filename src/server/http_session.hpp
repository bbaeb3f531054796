#pragma once
// One TCP connection until it asks for a WebSocket: answers plain HTTP requests (keep-alive)
// and, on an upgrade, hands its socket to a CameraSession or ViewerSession, or refuses the
// upgrade with 400 (bad camera id) or 404 (unknown path).
#include <memory>
#include <optional>
#include <vector>

#include "server/http_routes.hpp"
#include "server/server_context.hpp"
#include "server/server_stream.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, ServerContext context,
                std::shared_ptr<const HttpRoutes> routes, bool camera_port_only);
    void run();
    // A place the connection was admitted to; handed on to whichever session takes the
    // connection over, so it is given back when the connection ends, whatever it became.
    void hold(Slot slot) { slots_.push_back(std::move(slot)); }

private:
    void on_handshake(beast::error_code ec);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void upgrade(HttpRequest request);
    // The per-camera endpoints that are not one request, one answer: MJPEG takes the
    // connection over, HLS may hold a request until the part it names exists. True if taken.
    bool route_camera_stream(HttpRequest& request);
    void send(HttpResponse response);
    // Gives `session` the places this connection holds, as it takes the connection over.
    template <typename Session>
    std::shared_ptr<Session> hand_over(std::shared_ptr<Session> session) {
        for (Slot& slot : slots_) session->hold(std::move(slot));
        slots_.clear();
        return session;
    }
    // A limit refused what the request asks for: 503 with the limit's explanation.
    void refuse(const HttpRequest& request, const std::string& why);
    void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
    // Ends the connection from our side: TLS close_notify first when there is TLS.
    void shut_down();

    ServerStream stream_;
    ServerContext context_;
    std::shared_ptr<const HttpRoutes> routes_;
    bool camera_port_only_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<HttpResponse> response_;
    std::vector<Slot> slots_;
};

}  // namespace camstream::server
