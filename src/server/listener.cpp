#include "server/listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/strand.hpp>

#include "server/admission.hpp"
#include "server/http_session.hpp"
#include "server/refuse_connection.hpp"

namespace camstream::server {

Listener::Listener(net::io_context& ioc, tcp::endpoint endpoint, ServerContext context,
                   bool camera_port_only)
    : ioc_(ioc),
      acceptor_(net::make_strand(ioc)),
      retry_timer_(acceptor_.get_executor()),
      context_(context),
      camera_port_only_(camera_port_only),
      routes_(std::make_shared<HttpRoutes>(context, camera_port_only)) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
}

std::uint16_t Listener::port() const {
    return acceptor_.local_endpoint().port();
}

void Listener::run() {
    do_accept();
}

void Listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        beast::error_code ec;
        self->acceptor_.close(ec);
        self->retry_timer_.cancel();
    });
}

void Listener::do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;  // stopped
    if (ec) {
        // Out of file descriptors, most likely: retrying at once would spin and flood the log.
        spdlog::warn("accept failed: {}; retrying in 250 ms", ec.message());
        retry_timer_.expires_after(std::chrono::milliseconds(250));
        retry_timer_.async_wait([self = shared_from_this()](beast::error_code wait_ec) {
            if (!wait_ec) self->do_accept();
        });
        return;
    }
    auto ticket = context_.admission.connection(peer_address(socket));
    if (!ticket) {
        refuse_connection(socket, ticket.refusal);
        do_accept();
        return;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // frames are small and latency matters
    auto session =
        std::make_shared<HttpSession>(std::move(socket), context_, routes_, camera_port_only_);
    session->hold(std::move(*ticket.slot));  // the connection's place, for its whole life
    session->run();
    do_accept();
}

}  // namespace camstream::server
