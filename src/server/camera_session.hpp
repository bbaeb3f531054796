#pragma once
// One camera's WebSocket connection: each binary message is one JPEG for the hub. Text
// messages and oversized messages are refused and counted; the connection survives a bad
// frame and is closed only for an oversized message (1009) or when replaced (4000). The
// server's only words to a camera are pace messages, {"type":"pace","fps":N[,"now":true]}:
// the frame rate worth sending now. Cameras that do not know them ignore them.
#include <boost/asio/buffer.hpp>
#include <memory>
#include <optional>
#include <string>

#include "media/shared_bytes.hpp"
#include "server/connection_registry.hpp"
#include "server/server_context.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server {

class CameraSession : public ClosableSession, public std::enable_shared_from_this<CameraSession> {
public:
    CameraSession(ServerStream&& stream, ServerContext context,
                  std::shared_ptr<stream::CameraStream> camera);
    ~CameraSession() override;

    void run(HttpRequest request);
    void close_for_shutdown() override;

private:
    void on_accept(beast::error_code ec);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void close(websocket::close_code code, std::string reason);
    void send_pace(double fps, bool now);
    void do_write();
    void finish(const std::string& why);

    WsStream ws_;
    ServerContext context_;
    std::shared_ptr<stream::CameraStream> camera_;
    std::string peer_;
    // Each message is read straight into a vector that then becomes the frame's shared JPEG:
    // the bytes are never copied after Beast writes them.
    media::Bytes message_;
    std::size_t expected_bytes_ = 0;  // the last message's size and a quarter
    std::optional<net::dynamic_vector_buffer<std::uint8_t, std::allocator<std::uint8_t>>> buffer_;
    std::uint64_t source_ = 0;
    std::uint64_t registry_id_ = 0;
    std::uint64_t frames_ = 0;
    std::string pace_;          // the pace message waiting to be sent (only the newest matters)
    std::string pace_writing_;  // the one being written
    bool writing_ = false;
    bool closing_ = false;  // one close per connection: replaced and shutdown can both ask
    bool finished_ = false;
};

}  // namespace camstream::server
