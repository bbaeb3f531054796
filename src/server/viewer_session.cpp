#include "server/viewer_session.hpp"

#include <spdlog/spdlog.h>

namespace camstream::server {

ViewerSession::ViewerSession(tcp::socket&& socket, ServerContext context,
                             std::shared_ptr<stream::Camera> camera)
    : ws_(std::move(socket)),
      context_(context),
      camera_(std::move(camera)),
      peer_(describe_peer(beast::get_lowest_layer(ws_).socket())) {}

ViewerSession::~ViewerSession() {
    if (registry_id_ != 0) context_.connections.remove(registry_id_);
}

void ViewerSession::run(HttpRequest request) {
    beast::get_lowest_layer(ws_).expires_never();
    apply_websocket_timeouts(ws_, context_.config.idle_timeout);
    ws_.read_message_max(64 * 1024);  // viewers only send the odd control message
    ws_.auto_fragment(false);         // a frame is one message: one write, not one per 4 KiB
    ws_.async_accept(request,
                     beast::bind_front_handler(&ViewerSession::on_accept, shared_from_this()));
}

void ViewerSession::on_accept(beast::error_code ec) {
    if (ec) {
        spdlog::warn("viewer of {} from {}: handshake failed: {}", camera_->id(), peer_,
                     ec.message());
        return;
    }
    registry_id_ = context_.connections.add(weak_from_this());
    // The hub keeps the subscription, possibly past the io_context's life at shutdown, so
    // the wakeup holds nothing of the network side but a weak reference to this session.
    std::weak_ptr<ViewerSession> weak = shared_from_this();
    subscription_ = std::make_shared<stream::Subscription>(
        camera_->id(), context_.hub.viewer_queue_frames(), [weak] {
            if (auto self = weak.lock()) {
                net::post(self->ws_.get_executor(), [self] { self->on_wakeup(); });
            }
        });
    camera_->subscribe(subscription_);
    spdlog::info("viewer of {} connected from {}", camera_->id(), peer_);
    do_read();
}

void ViewerSession::do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&ViewerSession::on_read, shared_from_this()));
}

void ViewerSession::on_read(beast::error_code ec, std::size_t) {
    if (ec) {
        finish(ec == websocket::error::closed ? "closed by viewer" : ec.message());
        return;
    }
    buffer_.consume(buffer_.size());  // the protocol has nothing for viewers to say
    do_read();
}

void ViewerSession::on_wakeup() {
    if (!in_flight_ && !finished_) do_write();
}

void ViewerSession::do_write() {
    if (closing_) return;
    in_flight_ = subscription_->pop();
    if (!in_flight_) return;
    ws_.binary(in_flight_->is_binary());
    ws_.async_write(net::buffer(*in_flight_->payload),
                    beast::bind_front_handler(&ViewerSession::on_write, shared_from_this()));
}

void ViewerSession::on_write(beast::error_code ec, std::size_t) {
    in_flight_.reset();
    if (ec) {
        finish(ec.message());
        return;
    }
    do_write();
}

void ViewerSession::close_for_shutdown() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
        if (self->closing_ || self->finished_ || !self->ws_.is_open()) return;
        self->closing_ = true;
        // Beast lets one close run alongside one read and one write; it waits for the write.
        self->ws_.async_close({websocket::close_code::going_away, "server shutting down"},
                              [self](beast::error_code) {});
    });
}

void ViewerSession::finish(const std::string& why) {
    if (finished_) return;
    finished_ = true;
    if (subscription_) camera_->unsubscribe(subscription_);
    spdlog::info("viewer of {} from {} disconnected ({})", camera_->id(), peer_, why);
}

}  // namespace camstream::server
