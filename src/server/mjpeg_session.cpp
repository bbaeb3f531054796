#include "server/mjpeg_session.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "server/session_consumer.hpp"

namespace camstream::server {

namespace {
constexpr std::string_view kBoundary = "camstreamframe";
constexpr std::string_view kCrLf = "\r\n";
// About a frame's worth in the kernel; the rest waits in the 2-frame queue, which skips.
constexpr int kUnsentBytes = 32 * 1024;
}  // namespace

MjpegSession::MjpegSession(ServerStream&& stream, ServerContext context,
                           std::shared_ptr<stream::CameraStream> camera, double max_fps)
    : stream_(std::move(stream)),
      context_(context),
      camera_(std::move(camera)),
      peer_(describe_peer(stream_.socket())),
      write_deadline_(stream_.get_executor(), context_.config.write_deadline) {
    if (max_fps > 0) {
        min_interval_ = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(1.0 / max_fps));
    }
}

MjpegSession::~MjpegSession() {
    if (registry_id_ != 0) context_.connections.remove(registry_id_);
    // Also when a handler threw and finish() never ran.
    if (!finished_ && consumer_) camera_->remove_consumer(consumer_);
}

void MjpegSession::run(const HttpRequest& request) {
    registry_id_ = context_.connections.add(weak_from_this());
    limit_unsent_bytes(stream_.socket(), kUnsentBytes);
    // No Content-Length: the body is a stream of parts that ends when either side closes.
    header_ =
        "HTTP/1.1 200 OK\r\nServer: camstream\r\nContent-Type: multipart/x-mixed-replace; "
        "boundary=" +
        std::string(kBoundary) + "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    (void)request;
    // A client that takes longer than the write deadline to accept one JPEG is gone or
    // hopeless.
    write_deadline_.arm([self = shared_from_this()] { self->on_write_deadline(); });
    net::async_write(stream_, net::buffer(header_),
                     beast::bind_front_handler(&MjpegSession::on_header, shared_from_this()));
}

void MjpegSession::on_header(beast::error_code ec, std::size_t) {
    write_deadline_.disarm();
    if (ec) {
        finish(write_deadline_.expired() ? "not reading" : ec.message());
        return;
    }
    stream::ConsumerOptions options;
    options.kind = "mjpeg";
    options.wants_jpeg = true;
    options.wants_h264 = false;
    options.max_frames = 2;
    consumer_ = make_session_consumer(options, shared_from_this(), &MjpegSession::on_wakeup);
    camera_->add_consumer(consumer_);
    spdlog::info("MJPEG client of {} connected from {}", camera_->id(), peer_);
    do_read();
}

// The client has nothing to say; reading tells us when it goes away, even while the camera
// is offline and nothing is written.
void MjpegSession::do_read() {
    stream_.async_read_some(read_buffer_.prepare(512),
                            beast::bind_front_handler(&MjpegSession::on_read, shared_from_this()));
}

void MjpegSession::on_read(beast::error_code ec, std::size_t) {
    if (ec) {
        finish(ec == net::error::eof ? "closed by client" : ec.message());
        return;
    }
    do_read();
}

void MjpegSession::on_wakeup() {
    if (!writing_ && !finished_) do_write();
}

void MjpegSession::do_write() {
    while (!in_flight_) {
        auto event = consumer_->pop();
        if (!event) return;
        if (event->kind != stream::StreamEvent::Kind::frame || !event->frame->jpeg) continue;
        const auto now = std::chrono::steady_clock::now();
        if (min_interval_.count() > 0 && frames_ > 0 && now - last_sent_ < min_interval_) {
            continue;  // over this client's ?fps
        }
        last_sent_ = now;
        in_flight_ = event->frame->jpeg;
    }
    header_ = "--" + std::string(kBoundary) + "\r\nContent-Type: image/jpeg\r\nContent-Length: " +
              std::to_string(in_flight_->size()) + "\r\n\r\n";
    const std::array<net::const_buffer, 3> buffers{net::buffer(header_), net::buffer(*in_flight_),
                                                   net::buffer(kCrLf.data(), kCrLf.size())};
    writing_ = true;
    write_deadline_.arm([self = shared_from_this()] { self->on_write_deadline(); });
    net::async_write(stream_, buffers,
                     beast::bind_front_handler(&MjpegSession::on_write, shared_from_this()));
}

void MjpegSession::on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    write_deadline_.disarm();
    in_flight_.reset();
    if (ec) {
        finish(write_deadline_.expired() ? "not reading" : ec.message());
        return;
    }
    ++frames_;
    do_write();
}

void MjpegSession::on_write_deadline() {
    if (finished_) return;
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(write_deadline_.limit()).count();
    spdlog::warn("MJPEG client of {} from {}: a frame not taken in {} ms; closing", camera_->id(),
                 peer_, ms);
    context_.closed.count("mjpeg", "write_deadline");
    reset_connection(stream_.socket());  // the pending write and read end, which finishes
}

void MjpegSession::close_for_shutdown() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
        self->finish("server shutting down");
        beast::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.close();
    });
}

void MjpegSession::finish(const std::string& why) {
    if (finished_) return;
    finished_ = true;
    if (consumer_) camera_->remove_consumer(consumer_);
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    spdlog::info("MJPEG client of {} from {} disconnected ({}) after {} frames", camera_->id(),
                 peer_, why, frames_);
}

}  // namespace camstream::server
