#pragma once
// Accepts TCP connections on one port and gives each its own strand and HttpSession.
#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "server/http_routes.hpp"
#include "server/server_context.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server {

class Listener : public std::enable_shared_from_this<Listener> {
public:
    // Throws boost::system::system_error if the port cannot be bound.
    Listener(net::io_context& ioc, tcp::endpoint endpoint, ServerContext context,
             bool camera_port_only);

    std::uint16_t port() const;
    void run();
    void stop();

private:
    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);

    net::io_context& ioc_;
    tcp::acceptor acceptor_;
    net::steady_timer retry_timer_;
    ServerContext context_;
    bool camera_port_only_;
    std::shared_ptr<const HttpRoutes> routes_;
};

}  // namespace camstream::server
