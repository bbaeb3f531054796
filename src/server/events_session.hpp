#pragma once
// /ws/events: one page's live list of cameras. On connect the whole list, then one message
// per change as the hub reports it: no polling. Changes wait in a queue that keeps only the
// newest message per camera, so a page that reads slowly holds the server to one message per
// camera and never delays a camera or another client. What the page says is ignored, except
// that a binary message closes the connection with 1003 and one over 1 KiB with 1009.
#include <memory>
#include <string>

#include "server/connection_registry.hpp"
#include "server/latest_per_key.hpp"
#include "server/server_context.hpp"
#include "server/websocket_types.hpp"
#include "server/write_deadline.hpp"
#include "stream/hub_subscription.hpp"

namespace camstream::server {

class EventsSession : public ClosableSession, public std::enable_shared_from_this<EventsSession> {
public:
    EventsSession(ServerStream&& stream, ServerContext context);
    ~EventsSession() override;

    void run(HttpRequest request);
    void close_for_shutdown() override;
    net::any_io_executor executor() { return ws_.get_executor(); }

private:
    void on_accept(beast::error_code ec);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void on_wakeup();
    void do_write();
    void on_write(beast::error_code ec, std::size_t bytes);
    void close(websocket::close_code code, const std::string& reason);
    void on_write_deadline();
    void finish(const std::string& why);

    WsStream ws_;
    ServerContext context_;
    std::string peer_;
    beast::flat_buffer buffer_;
    WriteDeadline write_deadline_;
    // Shared with the hub observer, which may run on any thread, until the subscription ends.
    std::shared_ptr<LatestPerKey> changes_ = std::make_shared<LatestPerKey>();
    stream::HubSubscription subscription_;
    std::string list_;     // the camera list, written before any change
    std::string writing_;  // the message being written
    bool write_pending_ = false;
    std::uint64_t registry_id_ = 0;
    bool closing_ = false;
    bool finished_ = false;
};

}  // namespace camstream::server
