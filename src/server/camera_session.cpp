#include "server/camera_session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <utility>

#include "stream/fault_point.hpp"

namespace camstream::server {

namespace {
// Close code for a camera connection replaced by a newer one with the same id.
constexpr std::uint16_t kReplaced = 4000;
// Before any frame has told the size: a VGA JPEG fits.
constexpr std::size_t kFirstMessageBytes = 64 * 1024;
}  // namespace

CameraSession::CameraSession(ServerStream&& stream, ServerContext context,
                             std::shared_ptr<stream::CameraStream> camera)
    : ws_(std::move(stream)),
      context_(context),
      camera_(std::move(camera)),
      peer_(describe_peer(beast::get_lowest_layer(ws_).socket())) {}

CameraSession::~CameraSession() {
    if (registry_id_ != 0) context_.connections.remove(registry_id_);
    // A handler that threw ends the session without finish(): the camera must still go
    // offline rather than stay "connected" with nobody feeding it.
    if (!finished_ && source_ != 0) camera_->detach_source(source_);
}

void CameraSession::run(HttpRequest request) {
    beast::get_lowest_layer(ws_).expires_never();
    apply_websocket_timeouts(ws_, context_.config.idle_timeout);
    ws_.read_message_max(context_.config.max_message_bytes);
    ws_.async_accept(request,
                     beast::bind_front_handler(&CameraSession::on_accept, shared_from_this()));
}

void CameraSession::on_accept(beast::error_code ec) {
    if (ec) {
        spdlog::warn("camera {} from {}: handshake failed: {}", camera_->id(), peer_, ec.message());
        return;
    }
    registry_id_ = context_.connections.add(weak_from_this());
    std::weak_ptr<CameraSession> weak = shared_from_this();
    source_ = camera_->attach_source(
        [weak] {
            if (auto self = weak.lock()) {
                net::post(self->ws_.get_executor(), [self] {
                    self->close(static_cast<websocket::close_code>(kReplaced), "replaced");
                });
            }
        },
        [weak](double fps, bool now) {
            if (auto self = weak.lock()) {
                net::post(self->ws_.get_executor(),
                          [self, fps, now] { self->send_pace(fps, now); });
            }
        });
    spdlog::info("camera {} connected from {}", camera_->id(), peer_);
    do_read();
}

void CameraSession::do_read() {
    message_.clear();
    // Room for a frame like the last one: the vector grows while Beast reads into it, and each
    // growth would copy what was read so far.
    message_.reserve(std::max(expected_bytes_, kFirstMessageBytes));
    buffer_.emplace(message_);
    ws_.async_read(*buffer_,
                   beast::bind_front_handler(&CameraSession::on_read, shared_from_this()));
}

void CameraSession::on_read(beast::error_code ec, std::size_t bytes) {
    if (ec) {
        if (ec == websocket::error::message_too_big) {
            // Beast has already answered 1009 (message too big); we only count and explain.
            camera_->reject("message_too_big",
                            "a message over the " +
                                std::to_string(context_.config.max_message_bytes) +
                                "-byte limit; connection closed with 1009");
        }
        finish(ec == websocket::error::closed ? "closed by camera" : ec.message());
        return;
    }
    stream::fault_point("camera_read");
    if (ws_.got_text()) {
        camera_->reject("text_message", "cameras send JPEGs as binary messages; text ignored");
    } else {
        message_.resize(bytes);
        expected_bytes_ = bytes + bytes / 4;
        camera_->submit_jpeg(source_, media::share(std::move(message_)),
                             std::chrono::steady_clock::now());
        message_ = {};
        ++frames_;
    }
    do_read();
}

void CameraSession::send_pace(double fps, bool now) {
    nlohmann::json message{{"type", "pace"}};
    if (fps == std::floor(fps)) {
        message["fps"] = static_cast<long long>(fps);
    } else {
        message["fps"] = fps;
    }
    if (now) message["now"] = true;
    pace_ = message.dump();
    if (!writing_) do_write();
}

void CameraSession::do_write() {
    if (pace_.empty() || closing_ || finished_) return;
    pace_writing_ = std::exchange(pace_, {});
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(pace_writing_),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        self->writing_ = false;
                        if (!ec) self->do_write();  // a read error ends the session anyway
                    });
}

void CameraSession::close(websocket::close_code code, std::string reason) {
    if (closing_ || finished_ || !ws_.is_open()) return;
    closing_ = true;
    spdlog::info("camera {} from {}: closing ({} {})", camera_->id(), peer_, static_cast<int>(code),
                 reason);
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = shared_from_this()](beast::error_code) {});
}

void CameraSession::close_for_shutdown() {
    net::post(ws_.get_executor(), [self = shared_from_this()] {
        self->close(websocket::close_code::going_away, "server shutting down");
    });
}

void CameraSession::finish(const std::string& why) {
    if (finished_) return;
    finished_ = true;
    if (source_ != 0) camera_->detach_source(source_);
    spdlog::info("camera {} from {} disconnected ({}) after {} frames", camera_->id(), peer_, why,
                 frames_);
}

}  // namespace camstream::server
