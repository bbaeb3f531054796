#include "ws_client.hpp"

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace camstream::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = boost::asio::ip::tcp;

namespace {
websocket::stream_base::decorator with_fields(const HeaderFields& headers) {
    return websocket::stream_base::decorator([headers](websocket::request_type& request) {
        for (const auto& [name, value] : headers) request.set(name, value);
    });
}
}  // namespace

WsClient::WsClient(std::uint16_t port, const std::string& path, int receive_buffer_bytes,
                   const HeaderFields& headers)
    : ws_(ioc_) {
    ws_.set_option(with_fields(headers));
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

bool WsClient::send_ping() {
    beast::error_code ec;
    ws_.ping({}, ec);
    return !ec;
}

namespace {
bool is_clock_message(const WsMessage& m) {
    if (m.binary) return false;
    const auto json = nlohmann::json::parse(m.data, nullptr, false);
    return json.is_object() && json.value("type", "") == "clock";
}
}  // namespace

std::optional<WsMessage> WsClient::read(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto left = std::max(std::chrono::milliseconds(0),
                                   std::chrono::duration_cast<std::chrono::milliseconds>(
                                       deadline - std::chrono::steady_clock::now()));
        auto message = read_any(left);
        if (!message || !is_clock_message(*message)) return message;
    }
}

std::optional<WsMessage> WsClient::read_any(std::chrono::milliseconds timeout) {
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

int upgrade_status(std::uint16_t port, const std::string& path, const HeaderFields& headers) {
    boost::asio::io_context ioc;
    websocket::stream<beast::tcp_stream> ws(ioc);
    ws.set_option(with_fields(headers));
    beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(ws).connect(
        tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    websocket::response_type response;
    beast::error_code ec;
    ws.handshake(response, "127.0.0.1:" + std::to_string(port), path, ec);
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

std::string HttpHead::field(const std::string& name) const {
    const auto it = fields.find(name);
    return it == fields.end() ? std::string() : it->second;
}

namespace {
std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// "Name: value" lines separated by CRLF.
std::map<std::string, std::string> parse_fields(std::string_view lines) {
    std::map<std::string, std::string> fields;
    while (!lines.empty()) {
        const auto end = lines.find("\r\n");
        const std::string_view line = lines.substr(0, end);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            throw std::runtime_error("malformed header line: " + std::string(line));
        }
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        fields[lower(std::string(line.substr(0, colon)))] = std::string(value);
        if (end == std::string_view::npos) break;
        lines.remove_prefix(end + 2);
    }
    return fields;
}
}  // namespace

HttpConnection::HttpConnection(std::uint16_t port, int receive_buffer_bytes) : socket_(ioc_) {
    socket_.open(tcp::v4());
    if (receive_buffer_bytes > 0) {
        socket_.set_option(boost::asio::socket_base::receive_buffer_size(receive_buffer_bytes));
    }
    socket_.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
}

HttpConnection::~HttpConnection() {
    close();
}

void HttpConnection::send_request(const std::string& method, const std::string& target,
                                  const HeaderFields& headers, const std::string& body) {
    std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" +
                          std::to_string(socket_.remote_endpoint().port()) + "\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    if (!body.empty()) request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    request += "\r\n" + body;
    boost::asio::write(socket_, boost::asio::buffer(request));
}

HttpConnection::Fill HttpConnection::fill(std::chrono::steady_clock::time_point deadline) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return Fill::timeout;
    std::array<char, 16384> chunk{};
    std::size_t got = 0;
    beast::error_code result;
    bool done = false;
    socket_.async_read_some(boost::asio::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
        done = true;
        result = ec;
        got = n;
    });
    ioc_.restart();
    ioc_.run_for(deadline - now);
    if (!done) {
        // Cancelled before it read anything (or it completes with what it read, kept below).
        socket_.cancel();
        ioc_.restart();
        ioc_.run();
    }
    buffer_.append(chunk.data(), got);
    if (got > 0) return Fill::data;
    if (result == boost::asio::error::operation_aborted) return Fill::timeout;
    if (result) return Fill::closed;  // eof, reset
    return Fill::data;
}

std::optional<HttpHead> HttpConnection::read_head(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        const Fill f = fill(deadline);
        if (f == Fill::timeout) return std::nullopt;
        if (f == Fill::closed) {
            throw std::runtime_error("connection closed before a response head; got: " + buffer_);
        }
    }
    const std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    const auto line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (!status_line.starts_with("HTTP/1.1 ") || status_line.size() < 12) {
        throw std::runtime_error("not a status line: " + status_line);
    }
    HttpHead result;
    result.status = std::stoi(status_line.substr(9, 3));
    if (line_end != std::string::npos) {
        result.fields = parse_fields(std::string_view(head).substr(line_end + 2));
    }
    return result;
}

std::optional<std::string> HttpConnection::read_exactly(std::size_t n,
                                                        std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (buffer_.size() < n) {
        const Fill f = fill(deadline);
        if (f == Fill::timeout) return std::nullopt;
        if (f == Fill::closed) {
            throw std::runtime_error("connection closed after " + std::to_string(buffer_.size()) +
                                     " of " + std::to_string(n) + " bytes");
        }
    }
    std::string bytes = buffer_.substr(0, n);
    buffer_.erase(0, n);
    return bytes;
}

std::optional<HttpConnection::Part> HttpConnection::read_part(const std::string& boundary,
                                                              std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const std::string opening = "--" + boundary + "\r\n";
    while (true) {
        // Parse what is buffered; consume only a whole part, so a timeout loses nothing.
        if (buffer_.size() >= opening.size() && !buffer_.starts_with(opening)) {
            throw std::runtime_error("part does not start with the boundary: " +
                                     buffer_.substr(0, 80));
        }
        const auto head_end = buffer_.find("\r\n\r\n");
        if (head_end != std::string::npos) {
            Part part;
            part.fields = parse_fields(
                std::string_view(buffer_).substr(opening.size(), head_end - opening.size()));
            if (!part.fields.contains("content-length")) {
                throw std::runtime_error("part without Content-Length");
            }
            const std::size_t length = std::stoul(part.fields["content-length"]);
            const std::size_t body_at = head_end + 4;
            if (buffer_.size() >= body_at + length + 2) {
                if (buffer_.compare(body_at + length, 2, "\r\n") != 0) {
                    throw std::runtime_error("part body not followed by CRLF");
                }
                part.body = buffer_.substr(body_at, length);
                buffer_.erase(0, body_at + length + 2);
                return part;
            }
        }
        const Fill f = fill(deadline);
        if (f == Fill::timeout) return std::nullopt;
        if (f == Fill::closed) {
            throw std::runtime_error("connection closed with " + std::to_string(buffer_.size()) +
                                     " bytes of an unfinished part");
        }
    }
}

bool HttpConnection::wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const Fill f = fill(deadline);
        if (f == Fill::closed) return true;
        if (f == Fill::timeout) return false;
        buffer_.clear();
    }
}

void HttpConnection::close() {
    beast::error_code ec;
    socket_.close(ec);
}

HttpExchange http_request(std::uint16_t port, const std::string& method, const std::string& target,
                          const HeaderFields& headers, const std::string& body) {
    HttpConnection connection(port);
    connection.send_request(method, target, headers, body);
    auto head = connection.read_head();
    if (!head) throw std::runtime_error("no response to " + method + " " + target);
    HttpExchange result{*head, {}};
    if (method != "HEAD" && head->has("content-length")) {
        auto body = connection.read_exactly(std::stoul(head->field("content-length")));
        if (!body) throw std::runtime_error("body of " + target + " did not arrive");
        result.body = std::move(*body);
    }
    return result;
}

}  // namespace camstream::test
