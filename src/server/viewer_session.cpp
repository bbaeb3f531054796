#include "server/viewer_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "server/clock_message.hpp"
#include "server/session_consumer.hpp"
#include "server/wall_clock.hpp"

namespace camstream::server {

namespace {
constexpr std::size_t kMaxViewerMessage = 1024;  // a clock question is a few dozen bytes
// Answers waiting to be written: a page that asks without reading gets no more queued.
constexpr std::size_t kMaxPendingClockReplies = 8;
}  // namespace

ViewerSession::ViewerSession(ServerStream&& stream, ServerContext context,
                             std::shared_ptr<stream::CameraStream> camera)
    : ws_(std::move(stream)),
      context_(context),
      camera_(std::move(camera)),
      peer_(describe_peer(beast::get_lowest_layer(ws_).socket())),
      write_deadline_(ws_.get_executor(), context_.config.write_deadline) {}

ViewerSession::~ViewerSession() {
    if (registry_id_ != 0) context_.connections.remove(registry_id_);
    // Also when a handler threw and finish() never ran: the camera must not keep encoding for
    // (and queueing to) a viewer that is gone.
    if (!finished_ && consumer_) camera_->remove_consumer(consumer_);
}

void ViewerSession::run(HttpRequest request) {
    beast::get_lowest_layer(ws_).expires_never();
    apply_websocket_timeouts(ws_, context_.config.idle_timeout);
    ws_.read_message_max(kMaxViewerMessage);  // Beast closes with 1009 above it
    ws_.auto_fragment(false);  // a frame is one message: one write, not one per 4 KiB
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
    // The server's clock before anything else, so the page can turn the receive times in the
    // fragments into ages on its own clock from the first picture on.
    queue_text(clock_hello(wall_clock_ms()));
    do_write();
    camera_->add_consumer(consumer_);
    spdlog::info("viewer of {} connected from {}", camera_->id(), peer_);
    do_read();
}

void ViewerSession::queue_text(const std::string& text) {
    outbox_.push_back({{media::share(media::Bytes(text.begin(), text.end())), false}});
}

void ViewerSession::do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&ViewerSession::on_read, shared_from_this()));
}

void ViewerSession::on_read(beast::error_code ec, std::size_t) {
    if (ec) {
        finish(ec == websocket::error::closed ? "closed by viewer" : ec.message());
        return;
    }
    if (ws_.got_binary()) {
        buffer_.consume(buffer_.size());
        close(websocket::close_code::unknown_data, "viewers send text messages only");
    } else {
        const std::string text = beast::buffers_to_string(buffer_.data());
        buffer_.consume(buffer_.size());
        // The only question a viewer may ask; any other text is ignored. The answer goes
        // after what is being written now, ahead of frames still queued for this viewer.
        if (auto reply = clock_reply(text, wall_clock_ms());
            reply && pending_clock_replies_ < kMaxPendingClockReplies) {
            queue_text(*reply);
            outbox_.back().clock_reply = true;
            ++pending_clock_replies_;
            if (!writing_) do_write();
        }
    }
    do_read();  // also while closing: the read ends when the close handshake does
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
        for (std::size_t i = 0; i < messages.count; ++i) outbox_.push_back({messages.items[i]});
    }
    writing_ = true;
    write_deadline_.arm([self = shared_from_this()] { self->on_write_deadline(); });
    ws_.binary(outbox_.front().message.binary);
    ws_.async_write(net::buffer(*outbox_.front().message.bytes),
                    beast::bind_front_handler(&ViewerSession::on_write, shared_from_this()));
}

void ViewerSession::on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    write_deadline_.disarm();
    if (outbox_.front().clock_reply) --pending_clock_replies_;
    outbox_.pop_front();
    if (ec) {
        finish(write_deadline_.expired() ? "not reading" : ec.message());
        return;
    }
    do_write();
}

void ViewerSession::on_write_deadline() {
    if (finished_) return;
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(write_deadline_.limit()).count();
    spdlog::warn("viewer of {} from {}: a message not taken in {} ms; closing", camera_->id(), peer_,
                 ms);
    context_.closed.count("websocket", "write_deadline");
    // No close handshake: the viewer reads nothing. Closing the socket ends the pending write
    // (and read) with an error, which finishes the session.
    reset_connection(beast::get_lowest_layer(ws_).socket());
}

void ViewerSession::close(websocket::close_code code, const std::string& reason) {
    if (closing_ || finished_ || !ws_.is_open()) return;
    closing_ = true;
    // Beast lets one close run alongside one read and one write; it waits for the write.
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = shared_from_this()](beast::error_code) {});
}

void ViewerSession::close_for_shutdown() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
        self->close(websocket::close_code::going_away, "server shutting down");
    });
}

void ViewerSession::finish(const std::string& why) {
    if (finished_) return;
    finished_ = true;
    if (consumer_) camera_->remove_consumer(consumer_);
    spdlog::info("viewer of {} from {} disconnected ({})", camera_->id(), peer_, why);
}

}  // namespace camstream::server
