#pragma once
// One browser's WebSocket: a consumer of one camera's H.264 that writes each event in the
// viewer protocol, one message at a time. It starts with the server's clock and answers the
// page's clock questions; other text is ignored, a binary message closes it with 1003 and one
// over 1 KiB with 1009. How much may queue and what is skipped when the browser reads slowly
// is the Consumer's business.
#include <deque>
#include <memory>
#include <string>

#include "server/connection_registry.hpp"
#include "server/server_context.hpp"
#include "server/viewer_protocol.hpp"
#include "server/websocket_types.hpp"
#include "server/write_deadline.hpp"
#include "stream/camera_stream.hpp"

namespace camstream::server {

class ViewerSession : public ClosableSession, public std::enable_shared_from_this<ViewerSession> {
public:
    ViewerSession(ServerStream&& stream, ServerContext context,
                  std::shared_ptr<stream::CameraStream> camera);
    ~ViewerSession() override;

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
    void queue_text(const std::string& text);
    void close(websocket::close_code code, const std::string& reason);
    void on_write_deadline();
    void finish(const std::string& why);

    struct Outgoing {
        ViewerMessage message;
        bool clock_reply = false;
    };

    WsStream ws_;
    ServerContext context_;
    std::shared_ptr<stream::CameraStream> camera_;
    std::shared_ptr<stream::Consumer> consumer_;
    std::string peer_;
    beast::flat_buffer buffer_;
    WriteDeadline write_deadline_;
    std::deque<Outgoing> outbox_;  // what one event became, or clock messages; not yet written
    std::size_t pending_clock_replies_ = 0;
    bool writing_ = false;  // outbox_.front() is being written
    std::uint64_t registry_id_ = 0;
    bool closing_ = false;
    bool finished_ = false;
};

}  // namespace camstream::server
