#pragma once
// One camera's WebSocket connection: each binary message is one JPEG for the hub. Text
// messages and oversized messages are refused and counted; the connection survives a bad
// frame and is closed only for an oversized message (1009) or when replaced (4000).
#include <memory>
#include <string>

#include "server/connection_registry.hpp"
#include "server/server_context.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server {

class CameraSession : public ClosableSession, public std::enable_shared_from_this<CameraSession> {
public:
    CameraSession(tcp::socket&& socket, ServerContext context,
                  std::shared_ptr<stream::Camera> camera);
    ~CameraSession() override;

    void run(HttpRequest request);
    void close_for_shutdown() override;

private:
    void on_accept(beast::error_code ec);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void close(websocket::close_code code, std::string reason);
    void finish(const std::string& why);

    WsStream ws_;
    ServerContext context_;
    std::shared_ptr<stream::Camera> camera_;
    std::string peer_;
    beast::flat_buffer buffer_;
    std::uint64_t source_ = 0;
    std::uint64_t registry_id_ = 0;
    std::uint64_t frames_ = 0;
    bool closing_ = false;  // one close per connection: replaced and shutdown can both ask
    bool finished_ = false;
};

}  // namespace camstream::server
