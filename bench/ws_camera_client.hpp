#pragma once
// A camera for the benchmarks that send from one thread: one blocking WebSocket, each JPEG one
// binary message (the cameras' protocol). The server's text messages (pace hints) are never
// read: a camera may ignore them.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace camstream::bench {

class CameraClient {
public:
    void connect(std::uint16_t port, const std::string& path) {
        using tcp = boost::asio::ip::tcp;
        ws_.next_layer().connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
        ws_.next_layer().set_option(tcp::no_delay(true));  // as mock-camera and the server do
        ws_.handshake("127.0.0.1:" + std::to_string(port), path);
        ws_.binary(true);
    }
    void send(const std::vector<std::uint8_t>& jpeg) { ws_.write(boost::asio::buffer(jpeg)); }
    void close() {
        boost::beast::error_code ec;
        if (ws_.is_open())
            ws_.next_layer().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }

private:
    boost::asio::io_context ioc_;
    boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_{ioc_};
};

}  // namespace camstream::bench
