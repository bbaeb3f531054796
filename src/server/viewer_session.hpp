#pragma once
// One browser's WebSocket: a consumer of one camera's H.264 that writes each event in the
// viewer protocol, one message at a time, and ignores what the browser says. How much may
// queue and what is skipped when the browser reads slowly is the Consumer's business.
#include <deque>
#include <memory>
#include <string>

#include "server/connection_registry.hpp"
#include "server/server_context.hpp"
#include "server/viewer_protocol.hpp"
#include "server/websocket_types.hpp"
#include "stream/camera_stream.hpp"

namespace camstream::server {

class ViewerSession : public ClosableSession, public std::enable_shared_from_this<ViewerSession> {
public:
    ViewerSession(tcp::socket&& socket, ServerContext context,
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
    void finish(const std::string& why);

    WsStream ws_;
    ServerContext context_;
    std::shared_ptr<stream::CameraStream> camera_;
    std::shared_ptr<stream::Consumer> consumer_;
    std::string peer_;
    beast::flat_buffer buffer_;
    std::deque<ViewerMessage> outbox_;  // what one event became, not yet written
    bool writing_ = false;              // outbox_.front() is being written
    std::uint64_t registry_id_ = 0;
    bool closing_ = false;
    bool finished_ = false;
};

}  // namespace camstream::server
