#pragma once
// One MJPEG client (an <img>, Home Assistant's MJPEG camera, VLC): a multipart/x-mixed-replace
// response of the camera's own JPEGs, never transcoded. A consumer of JPEGs only, with a queue
// of two frames: a slow client skips to the newest JPEG and holds no more than that. `max_fps`
// (> 0) caps what this client gets. The response lasts while the client stays; a camera that
// goes away pauses it, and the same response goes on when the camera comes back.
#include <chrono>
#include <memory>
#include <string>

#include "server/connection_registry.hpp"
#include "server/server_context.hpp"
#include "server/websocket_types.hpp"
#include "server/write_deadline.hpp"
#include "stream/camera_stream.hpp"

namespace camstream::server {

class MjpegSession : public ClosableSession, public std::enable_shared_from_this<MjpegSession> {
public:
    MjpegSession(ServerStream&& stream, ServerContext context,
                 std::shared_ptr<stream::CameraStream> camera, double max_fps);
    ~MjpegSession() override;

    void run(const HttpRequest& request);
    void close_for_shutdown() override;
    net::any_io_executor executor() { return stream_.get_executor(); }

private:
    void on_header(beast::error_code ec, std::size_t bytes);
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void on_wakeup();
    void do_write();
    void on_write(beast::error_code ec, std::size_t bytes);
    void on_write_deadline();
    void finish(const std::string& why);

    ServerStream stream_;
    ServerContext context_;
    std::shared_ptr<stream::CameraStream> camera_;
    std::string peer_;
    WriteDeadline write_deadline_;
    std::chrono::steady_clock::duration min_interval_{};
    std::chrono::steady_clock::time_point last_sent_{};
    std::shared_ptr<stream::Consumer> consumer_;
    std::string header_;            // the response head, then each part's head
    media::SharedBytes in_flight_;  // the JPEG being written
    beast::flat_buffer read_buffer_;
    std::uint64_t registry_id_ = 0;
    std::uint64_t frames_ = 0;
    bool writing_ = false;
    bool finished_ = false;
};

}  // namespace camstream::server
