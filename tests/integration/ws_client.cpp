#include "ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/http.hpp>
#include <functional>

namespace camstream::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

WsClient::WsClient(std::uint16_t port, const std::string& path, int receive_buffer_bytes)
    : ws_(ioc_) {
    auto& socket = beast::get_lowest_layer(ws_).socket();
    socket.open(tcp::v4());
    if (receive_buffer_bytes > 0) {
        // Set before connecting so the TCP window starts small: a viewer that never reads
        // then fills up quickly.
        socket.set_option(boost::asio::socket_base::receive_buffer_size(receive_buffer_bytes));
    }
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(ws_).connect(
        tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    ws_.handshake("127.0.0.1:" + std::to_string(port), path);
    beast::get_lowest_layer(ws_).expires_never();
}

WsClient::~WsClient() {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
}

void WsClient::send_binary(const std::vector<std::uint8_t>& bytes) {
    ws_.binary(true);
    ws_.write(boost::asio::buffer(bytes));
}

void WsClient::send_text(const std::string& text) {
    ws_.text(true);
    ws_.write(boost::asio::buffer(text));
}

std::optional<WsMessage> WsClient::read(std::chrono::milliseconds timeout) {
    buffer_.clear();
    bool done = false;
    beast::error_code result;
    ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
        done = true;
        result = ec;
    });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!done) {
        // Abandon the read: the stream cannot be used for reading again, so close it.
        beast::get_lowest_layer(ws_).socket().cancel();
        ioc_.restart();
        ioc_.run();
        return std::nullopt;
    }
    if (result) throw beast::system_error(result);
    return WsMessage{ws_.got_binary(), beast::buffers_to_string(buffer_.data())};
}

int WsClient::read_until_closed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    try {
        while (std::chrono::steady_clock::now() < deadline) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (!read(left)) return 0;
        }
    } catch (const beast::system_error& e) {
        // The close frame may have arrived even if tearing down TCP then failed.
        if (e.code() == websocket::error::closed || ws_.reason().code != 0) {
            return ws_.reason().code;
        }
        throw;
    }
    return 0;
}

int WsClient::send_binary_expecting_close(const std::vector<std::uint8_t>& bytes,
                                          std::chrono::milliseconds timeout) {
    bool closed = false;
    beast::error_code read_error;
    ws_.binary(true);
    ws_.async_write(boost::asio::buffer(bytes), [](beast::error_code, std::size_t) {});
    std::function<void()> read_next = [&] {
        ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
            buffer_.clear();
            if (ec) {
                read_error = ec;
                closed = true;
                return;
            }
            read_next();
        });
    };
    read_next();
    ioc_.restart();
    ioc_.run_for(timeout);
    if (!closed) return 0;
    if (ws_.reason().code == 0)
        std::fprintf(stderr, "read ended without a close frame: %s\n",
                     read_error.message().c_str());
    return ws_.reason().code;
}

void WsClient::close() {
    beast::error_code ec;
    ws_.close(websocket::close_code::normal, ec);
}

int upgrade_status(std::uint16_t port, const std::string& path) {
    boost::asio::io_context ioc;
    websocket::stream<beast::tcp_stream> ws(ioc);
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(ws).connect(
        tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    websocket::response_type response;
    beast::error_code ec;
    ws.handshake(response, "127.0.0.1", path, ec);
    return static_cast<int>(response.result_int());
}

HttpResult http_get(std::uint16_t port, const std::string& target) {
    boost::asio::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "127.0.0.1");
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return {static_cast<int>(response.result_int()), response.body()};
}

}  // namespace camstream::test
