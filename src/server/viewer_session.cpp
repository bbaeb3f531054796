#include "server/viewer_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "server/session_consumer.hpp"

namespace camstream::server {

ViewerSession::ViewerSession(tcp::socket&& socket, ServerContext context,
                             std::shared_ptr<stream::CameraStream> camera)
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
    // A keyframe or two in the kernel; a slower viewer's backlog stays in its queue, which
    // skips to the next keyframe, instead of ageing in a multi-megabyte socket buffer.
    limit_unsent_bytes(beast::get_lowest_layer(ws_).socket(), 128 * 1024);
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
    stream::ConsumerOptions options;
    options.kind = "websocket";
    options.wants_h264 = true;
    options.max_frames = context_.config.viewer_queue_frames;
    consumer_ = make_session_consumer(options, shared_from_this(), &ViewerSession::on_wakeup);
    camera_->add_consumer(consumer_);
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
    if (!writing_ && !finished_) do_write();
}

void ViewerSession::do_write() {
    if (closing_) return;
    while (outbox_.empty()) {
        auto event = consumer_->pop();
        if (!event) return;
        const ViewerMessages messages = viewer_messages(camera_->id(), *event);
        for (std::size_t i = 0; i < messages.count; ++i) outbox_.push_back(messages.items[i]);
    }
    writing_ = true;
    ws_.binary(outbox_.front().binary);
    ws_.async_write(net::buffer(*outbox_.front().bytes),
                    beast::bind_front_handler(&ViewerSession::on_write, shared_from_this()));
}

void ViewerSession::on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    outbox_.pop_front();
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
    if (consumer_) camera_->remove_consumer(consumer_);
    spdlog::info("viewer of {} from {} disconnected ({})", camera_->id(), peer_, why);
}

}  // namespace camstream::server
