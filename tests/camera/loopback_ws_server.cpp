#include "loopback_ws_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <utility>

namespace camstream::camera::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

// One connection, in the Beast examples' shape: read the upgrade request,
// accept (or refuse) it, then read messages until the peer goes away.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, LoopbackWsServer& server)
        : ws_{std::move(socket)}, server_{server} {}

    void run() {
        http::async_read(
            ws_.next_layer(), buffer_, request_,
            [self = shared_from_this()](error_code ec, std::size_t) { self->on_request(ec); });
    }

private:
    void on_request(error_code ec) {
        if (ec) return;
        connection_ = server_.next_connection();
        if (server_.behavior().refuse_upgrade) {
            response_.result(http::status::not_found);
            response_.version(request_.version());
            response_.body() = "no such camera endpoint";
            response_.prepare_payload();
            response_.keep_alive(false);
            http::async_write(
                ws_.next_layer(), response_, [self = shared_from_this()](error_code, std::size_t) {
                    error_code ignored;
                    self->ws_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
                });
            return;
        }
        ws_.async_accept(request_, [self = shared_from_this()](error_code ec) {
            if (ec) return;
            self->open_ = true;
            for (const auto& b : self->server_.behavior().binaries_on_connect) self->send(true, b);
            for (const auto& t : self->server_.behavior().texts_on_connect) self->send(false, t);
            self->do_read();
        });
    }

public:
    // Queues a message; written one at a time, as Beast requires.
    void send(bool binary, std::string data) {
        if (!open_) return;
        outbox_.emplace_back(binary, std::move(data));
        if (outbox_.size() == 1) do_write();
    }

private:
    void do_write() {
        ws_.binary(outbox_.front().first);
        ws_.async_write(asio::buffer(outbox_.front().second),
                        [self = shared_from_this()](error_code ec, std::size_t) {
                            self->outbox_.pop_front();
                            if (ec) {
                                self->open_ = false;
                                self->outbox_.clear();
                                return;
                            }
                            if (!self->outbox_.empty()) self->do_write();
                        });
    }

    void do_read() {
        buffer_.clear();
        ws_.async_read(buffer_, [self = shared_from_this()](error_code ec, std::size_t) {
            self->on_read(ec);
        });
    }

    void on_read(error_code ec) {
        if (ec) {
            open_ = false;
            return;
        }
        const auto data = buffer_.cdata();
        const auto* bytes = static_cast<const std::uint8_t*>(data.data());
        server_.record({connection_,
                        ws_.got_binary(),
                        {bytes, bytes + data.size()},
                        std::string{request_.target()}});
        ++count_;
        const auto& b = server_.behavior();
        if (b.close_after_messages > 0 && count_ >= b.close_after_messages) {
            open_ = false;
            ws_.async_close(
                websocket::close_reason{static_cast<websocket::close_code>(b.close_code),
                                        b.close_reason},
                [self = shared_from_this()](error_code) {});
            return;
        }
        do_read();
    }

    websocket::stream<tcp::socket> ws_;
    LoopbackWsServer& server_;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    http::response<http::string_body> response_;
    int connection_ = 0;
    int count_ = 0;
    bool open_ = false;
    std::deque<std::pair<bool, std::string>> outbox_;  // (binary, data)
};

}  // namespace

struct LoopbackWsServer::Impl {
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc, tcp::endpoint{asio::ip::make_address("127.0.0.1"), 0}};

    std::vector<std::weak_ptr<Session>> sessions;  // touched on the server thread only

    void accept(LoopbackWsServer& server) {
        acceptor.async_accept([this, &server](error_code ec, tcp::socket socket) {
            if (ec) return;
            auto session = std::make_shared<Session>(std::move(socket), server);
            sessions.push_back(session);
            session->run();
            accept(server);
        });
    }
};

LoopbackWsServer::LoopbackWsServer(Behavior behavior)
    : behavior_{std::move(behavior)}, impl_{std::make_unique<Impl>()} {
    port_ = impl_->acceptor.local_endpoint().port();
    impl_->accept(*this);
    thread_ = std::thread{[this] { impl_->ioc.run(); }};
}

LoopbackWsServer::~LoopbackWsServer() {
    impl_->ioc.stop();
    thread_.join();
}

std::string LoopbackWsServer::url(const std::string& path) const {
    return "ws://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<LoopbackWsServer::Message> LoopbackWsServer::messages() const {
    std::lock_guard lock{mutex_};
    return messages_;
}

int LoopbackWsServer::connections() const {
    std::lock_guard lock{mutex_};
    return connections_;
}

bool LoopbackWsServer::wait_for_messages(std::size_t n, std::chrono::milliseconds timeout) const {
    std::unique_lock lock{mutex_};
    return changed_.wait_for(lock, timeout, [&] { return messages_.size() >= n; });
}

void LoopbackWsServer::send_text(const std::string& text) {
    asio::post(impl_->ioc, [this, text] {
        for (const auto& weak : impl_->sessions)
            if (const auto session = weak.lock()) session->send(false, text);
    });
}

void LoopbackWsServer::record(Message m) {
    {
        std::lock_guard lock{mutex_};
        messages_.push_back(std::move(m));
    }
    changed_.notify_all();
}

int LoopbackWsServer::next_connection() {
    std::lock_guard lock{mutex_};
    return ++connections_;
}

std::uint16_t unused_loopback_port() {
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc, tcp::endpoint{asio::ip::make_address("127.0.0.1"), 0}};
    const auto port = acceptor.local_endpoint().port();
    acceptor.close();
    return port;
}

}  // namespace camstream::camera::testing
