#pragma once
// A byte stream that is either `NextLayer` as it is or TLS over it, chosen when it is made.
// Code above it (HTTP, websocket::stream<TlsOrPlainStream<...>>) reads and writes it the same
// way either way; next_layer() is the transport in both cases, so beast::get_lowest_layer
// reaches the socket (timeouts, socket options) through it. Header-only: the server uses it
// over beast::tcp_stream, mock-camera's transport over a tcp::socket.
#include <boost/asio/async_result.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/role.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/teardown.hpp>
#include <memory>
#include <utility>
#include <variant>

namespace camstream::tls {

template <class NextLayer>
class TlsOrPlainStream {
public:
    using next_layer_type = NextLayer;
    using executor_type = typename NextLayer::executor_type;
    using TlsStream = boost::beast::ssl_stream<NextLayer>;

    // `arg` makes the NextLayer (a socket to take over, or an executor). With a `context`,
    // TLS over it; without, plain. The stream keeps the context alive, so replacing a
    // context elsewhere (a certificate reload) never touches a stream already made.
    template <class Arg>
    TlsOrPlainStream(Arg&& arg, std::shared_ptr<boost::asio::ssl::context> context)
        : context_(std::move(context)), stream_(make(std::forward<Arg>(arg), context_.get())) {}

    TlsOrPlainStream(TlsOrPlainStream&&) = default;
    TlsOrPlainStream& operator=(TlsOrPlainStream&&) = default;

    executor_type get_executor() {
        return std::visit([](auto& s) -> executor_type { return s.get_executor(); }, stream_);
    }
    NextLayer& next_layer() {
        if (auto* tls = std::get_if<TlsStream>(&stream_)) return tls->next_layer();
        return std::get<NextLayer>(stream_);
    }
    // The TLS layer, for its handshake and shutdown; null when plain.
    TlsStream* tls() { return std::get_if<TlsStream>(&stream_); }

    template <class MutableBufferSequence, class ReadToken>
    auto async_read_some(const MutableBufferSequence& buffers, ReadToken&& token) {
        return boost::asio::async_initiate<ReadToken, void(boost::beast::error_code, std::size_t)>(
            [this](auto handler, const MutableBufferSequence& b) {
                std::visit([&](auto& s) { s.async_read_some(b, std::move(handler)); }, stream_);
            },
            token, buffers);
    }

    template <class ConstBufferSequence, class WriteToken>
    auto async_write_some(const ConstBufferSequence& buffers, WriteToken&& token) {
        return boost::asio::async_initiate<WriteToken, void(boost::beast::error_code, std::size_t)>(
            [this](auto handler, const ConstBufferSequence& b) {
                std::visit([&](auto& s) { s.async_write_some(b, std::move(handler)); }, stream_);
            },
            token, buffers);
    }

    // How a WebSocket close ends the connection: TLS close_notify first when there is TLS,
    // then the transport's own teardown.
    friend void teardown(boost::beast::role_type role, TlsOrPlainStream& stream,
                         boost::beast::error_code& ec) {
        using boost::beast::websocket::teardown;
        std::visit([&](auto& s) { teardown(role, s, ec); }, stream.stream_);
    }
    template <class TeardownHandler>
    friend void async_teardown(boost::beast::role_type role, TlsOrPlainStream& stream,
                               TeardownHandler&& handler) {
        using boost::beast::websocket::async_teardown;
        if (auto* tls = std::get_if<TlsStream>(&stream.stream_)) {
            async_teardown(role, *tls, std::forward<TeardownHandler>(handler));
        } else {
            async_teardown(role, std::get<NextLayer>(stream.stream_),
                           std::forward<TeardownHandler>(handler));
        }
    }

private:
    using Variant = std::variant<NextLayer, TlsStream>;
    template <class Arg>
    static Variant make(Arg&& arg, boost::asio::ssl::context* context) {
        if (context == nullptr) {
            return Variant(std::in_place_type<NextLayer>, std::forward<Arg>(arg));
        }
        return Variant(std::in_place_type<TlsStream>, std::forward<Arg>(arg), *context);
    }

    // Declared first so it is destroyed last, after the TLS stream that uses it.
    std::shared_ptr<boost::asio::ssl::context> context_;
    Variant stream_;
};

}  // namespace camstream::tls
