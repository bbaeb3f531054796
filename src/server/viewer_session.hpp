#pragma once
// One browser's WebSocket: sends what the camera's Subscription queue holds, one message at a
// time, and ignores what the browser says. How much may queue and what is skipped when the
// browser reads slowly is the Subscription's business, not this session's.
#include <memory>
#include <optional>
#include <string>

#include "server/connection_registry.hpp"
#include "server/server_context.hpp"
#include "server/websocket_types.hpp"
#include "stream/subscription.hpp"

namespace camstream::server {

class ViewerSession : public ClosableSession, public std::enable_shared_from_this<ViewerSession> {
public:
    ViewerSession(tcp::socket&& socket, ServerContext context,
                  std::shared_ptr<stream::Camera> camera);
    ~ViewerSession() override;

    void run(HttpRequest request);
    void close_for_shutdown() override;

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
    std::shared_ptr<stream::Camera> camera_;
    std::shared_ptr<stream::Subscription> subscription_;
    std::string peer_;
    beast::flat_buffer buffer_;
    std::optional<stream::StreamMessage> in_flight_;  // keeps the payload alive while writing
    std::uint64_t registry_id_ = 0;
    bool closing_ = false;
    bool finished_ = false;
};

}  // namespace camstream::server
