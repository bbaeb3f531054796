#include "server/events_session.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "server/events_protocol.hpp"
#include "server/wall_clock.hpp"

namespace camstream::server {

namespace {
constexpr std::size_t kMaxPageMessage = 1024;  // pages have nothing to say here
}

EventsSession::EventsSession(ServerStream&& stream, ServerContext context)
    : ws_(std::move(stream)),
      context_(context),
      peer_(describe_peer(beast::get_lowest_layer(ws_).socket())),
      write_deadline_(ws_.get_executor(), context_.config.write_deadline) {}

EventsSession::~EventsSession() {
    if (registry_id_ != 0) context_.connections.remove(registry_id_);
}

void EventsSession::run(HttpRequest request) {
    beast::get_lowest_layer(ws_).expires_never();
    apply_websocket_timeouts(ws_, context_.config.idle_timeout);
    ws_.read_message_max(kMaxPageMessage);
    ws_.text(true);
    ws_.async_accept(request,
                     beast::bind_front_handler(&EventsSession::on_accept, shared_from_this()));
}

void EventsSession::on_accept(beast::error_code ec) {
    if (ec) {
        spdlog::warn("events client {}: handshake failed: {}", peer_, ec.message());
        return;
    }
    registry_id_ = context_.connections.add(weak_from_this());
    // Subscribe before reading the list: a change the list misses arrives as an event, and
    // one it already has is said again, which changes nothing for the page.
    std::weak_ptr<EventsSession> weak = weak_from_this();
    subscription_ = context_.hub.subscribe([changes = changes_, weak](const stream::HubEvent& e) {
        // On the hub's thread: queue, and wake the session only if it may be idle.
        if (!changes->put(e.camera.id, event_message(e))) return;
        if (auto self = weak.lock()) {
            net::post(self->executor(), [self] { self->on_wakeup(); });
        }
    });
    list_ = cameras_message(context_.hub.snapshots(), wall_clock_ms());
    spdlog::info("events client connected from {}", peer_);
    do_write();
    do_read();
}

void EventsSession::do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&EventsSession::on_read, shared_from_this()));
}

void EventsSession::on_read(beast::error_code ec, std::size_t) {
    if (ec) {
        // A message over the limit: Beast has already closed with 1009.
        finish(ec == websocket::error::closed ? "closed by client" : ec.message());
        return;
    }
    const bool binary = ws_.got_binary();
    buffer_.consume(buffer_.size());
    if (binary) close(websocket::close_code::unknown_data, "this endpoint takes no binary data");
    do_read();  // until the close handshake ends it
}

void EventsSession::on_wakeup() {
    if (!write_pending_ && !finished_) do_write();
}

void EventsSession::do_write() {
    if (closing_ || finished_) return;
    if (!list_.empty()) {
        writing_ = std::exchange(list_, {});
    } else if (auto next = changes_->take()) {
        writing_ = std::move(*next);
    } else {
        return;
    }
    write_pending_ = true;
    write_deadline_.arm([self = shared_from_this()] { self->on_write_deadline(); });
    ws_.async_write(net::buffer(writing_),
                    beast::bind_front_handler(&EventsSession::on_write, shared_from_this()));
}

void EventsSession::on_write(beast::error_code ec, std::size_t) {
    write_pending_ = false;
    write_deadline_.disarm();
    if (ec) {
        finish(write_deadline_.expired() ? "not reading" : ec.message());
        return;
    }
    do_write();
}

void EventsSession::on_write_deadline() {
    if (finished_) return;
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(write_deadline_.limit()).count();
    spdlog::warn("events client {}: a message not taken in {} ms; closing", peer_, ms);
    context_.closed.count("events", "write_deadline");
    // No close handshake: the client reads nothing. Closing the socket ends the pending write.
    reset_connection(beast::get_lowest_layer(ws_).socket());
}

void EventsSession::close(websocket::close_code code, const std::string& reason) {
    if (closing_ || finished_ || !ws_.is_open()) return;
    closing_ = true;
    // Beast lets one close run alongside one read and one write; it waits for the write.
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = shared_from_this()](beast::error_code) {});
}

void EventsSession::close_for_shutdown() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
        self->close(websocket::close_code::going_away, "server shutting down");
    });
}

void EventsSession::finish(const std::string& why) {
    if (finished_) return;
    finished_ = true;
    subscription_.reset();
    spdlog::info("events client from {} disconnected ({})", peer_, why);
}

}  // namespace camstream::server
