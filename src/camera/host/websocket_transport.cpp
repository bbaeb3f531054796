#include "camera/host/websocket_transport.hpp"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <optional>
#include <string>

#include "camera/core/websocket_url.hpp"
#include "tls/tls_or_plain_stream.hpp"

namespace camstream::camera {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

// The connect and send timeouts come with each call (the stream state machine
// owns them); this one bounds the wait for the server's reply to our close.
constexpr std::chrono::milliseconds kCloseTimeout{1000};
// Text messages kept for poll_text; past this the oldest go (the newest pace wins).
constexpr std::size_t kMaxQueuedTexts = 8;

std::string seconds_text(std::chrono::milliseconds d) {
    return fmt::format("{:.1f}s", std::chrono::duration<double>(d).count());
}

// A client context that checks the server's certificate against `ca_file` (PEM), or the
// system's CAs when it is empty. Throws boost::system::system_error on a bad file.
std::shared_ptr<asio::ssl::context> make_client_context(const std::string& ca_file) {
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
    context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                         asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1);
    context->set_verify_mode(asio::ssl::verify_peer);
    if (ca_file.empty()) {
        context->set_default_verify_paths();
    } else {
        context->load_verify_file(ca_file);
    }
    return context;
}

// Makes the handshake check that the certificate names `host` (a DNS name or an IP address)
// and sends the name (SNI) so a server with several certificates picks the right one.
void expect_host(SSL* ssl, const std::string& host) {
    error_code ec;
    asio::ip::make_address(host, ec);
    if (!ec) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
        return;
    }
    SSL_set1_host(ssl, host.c_str());
    SSL_set_tlsext_host_name(ssl, host.c_str());
}

}  // namespace

struct WebSocketTransport::Impl {
    ~Impl() { close(); }

    Status connect(std::string_view url_text, std::chrono::milliseconds timeout);
    Status send_binary(const std::uint8_t* data, std::size_t size,
                       std::chrono::milliseconds timeout);
    void close();
    bool poll_text(std::string& text);

    // Runs handlers until `done` is set or the deadline passes; false on timeout.
    bool run_until(const bool& done, Clock::time_point deadline);
    // Closes the socket and runs every pending handler to completion (they see
    // operation_aborted), leaving no operation that refers to this object.
    void abort();
    void start_read();
    void on_read_error(const error_code& ec);
    Status lost(std::string reason);

    asio::io_context ioc;
    tcp::resolver resolver{ioc};
    using Stream = tls::TlsOrPlainStream<tcp::socket>;
    std::optional<websocket::stream<Stream>> ws;
    std::string ca_file;                              // empty: the system's CAs
    std::shared_ptr<asio::ssl::context> tls_context;  // made at the first wss:// connect
    beast::flat_buffer read_buffer;
    // Bumped per connection so a late handler of an old connection is ignored.
    unsigned generation = 0;
    bool connected = false;
    std::string url_text;
    bool token_as_bearer = false;
    // Why the connection ended, when the pending read learned it first.
    std::string end_reason;
    std::deque<std::string> texts;  // received, not yet taken by poll_text
};

bool WebSocketTransport::Impl::run_until(const bool& done, Clock::time_point deadline) {
    if (ioc.stopped()) ioc.restart();
    while (!done) {
        if (ioc.run_one_until(deadline) == 0) {
            // Out of time, or out of work without finishing (should not happen).
            if (ioc.stopped() && !done) ioc.restart();
            return done;
        }
    }
    return true;
}

void WebSocketTransport::Impl::abort() {
    error_code ignored;
    resolver.cancel();
    if (ws) beast::get_lowest_layer(*ws).close(ignored);
    ioc.restart();
    ioc.run();  // returns once every aborted handler has run
    ioc.restart();
    connected = false;
}

Status WebSocketTransport::Impl::lost(std::string reason) {
    connected = false;
    abort();
    return Status::failure(std::move(reason));
}

void WebSocketTransport::Impl::start_read() {
    ws->async_read(read_buffer, [this, gen = generation](const error_code& ec, std::size_t) {
        if (gen != generation) return;
        if (ec) {
            on_read_error(ec);
            return;
        }
        // Text messages are the server's requests (pace); binary ones mean nothing.
        if (ws->got_text()) {
            if (texts.size() == kMaxQueuedTexts) texts.pop_front();
            texts.push_back(beast::buffers_to_string(read_buffer.data()));
        }
        read_buffer.consume(read_buffer.size());
        start_read();
    });
}

void WebSocketTransport::Impl::on_read_error(const error_code& ec) {
    if (!connected) return;  // our own close() or abort()
    connected = false;
    if (ec == websocket::error::closed) {
        const websocket::close_reason& r = ws->reason();
        end_reason = r.reason.empty() ? fmt::format("server closed the connection ({})", r.code)
                                      : fmt::format("server closed the connection ({} {})", r.code,
                                                    std::string{r.reason.data(), r.reason.size()});
    } else if (ec == asio::error::eof) {
        end_reason = "server closed the connection without a WebSocket close";
    } else {
        end_reason = "connection lost: " + ec.message();
    }
}

Status WebSocketTransport::Impl::connect(std::string_view text, std::chrono::milliseconds timeout) {
    close();
    std::string why;
    auto url = WebSocketUrl::parse(text, &why);
    if (!url) return Status::failure(fmt::format("bad URL '{}': {}", text, why));
    const std::optional<std::string> bearer =
        token_as_bearer ? url->take_token() : std::optional<std::string>{};
    url_text = std::string{text};
    end_reason.clear();
    if (url->tls && !tls_context) {
        try {
            tls_context = make_client_context(ca_file);
        } catch (const boost::system::system_error& e) {
            return Status::failure(
                ca_file.empty()
                    ? fmt::format("cannot load the system's CA certificates: {}",
                                  e.code().message())
                    : fmt::format("cannot load CA file {}: {}", ca_file, e.code().message()));
        }
    }
    ++generation;
    ws.emplace(ioc, url->tls ? tls_context : nullptr);
    read_buffer.clear();
    texts.clear();

    const auto deadline = Clock::now() + timeout;
    const std::string where = url->host.find(':') != std::string::npos
                                  ? fmt::format("[{}]:{}", url->host, url->port)
                                  : fmt::format("{}:{}", url->host, url->port);
    auto timed_out = [&](std::string_view step) {
        return lost(fmt::format("timed out after {} {} {}", seconds_text(timeout), step, where));
    };

    bool done = false;
    error_code ec;
    tcp::resolver::results_type endpoints;
    resolver.async_resolve(url->host, std::to_string(url->port),
                           [&](const error_code& e, tcp::resolver::results_type r) {
                               ec = e;
                               endpoints = std::move(r);
                               done = true;
                           });
    if (!run_until(done, deadline)) return timed_out("resolving");
    if (ec) return lost(fmt::format("cannot resolve '{}': {}", url->host, ec.message()));

    done = false;
    asio::async_connect(beast::get_lowest_layer(*ws), endpoints,
                        [&](const error_code& e, const tcp::endpoint&) {
                            ec = e;
                            done = true;
                        });
    if (!run_until(done, deadline)) return timed_out("connecting to");
    if (ec) return lost(fmt::format("cannot connect to {}: {}", where, ec.message()));
    // Frames are sent as soon as they are encoded; do not let Nagle hold them.
    beast::get_lowest_layer(*ws).set_option(tcp::no_delay{true}, ec);

    if (auto* tls = ws->next_layer().tls()) {
        expect_host(tls->native_handle(), url->host);
        done = false;
        tls->async_handshake(asio::ssl::stream_base::client, [&](const error_code& e) {
            ec = e;
            done = true;
        });
        if (!run_until(done, deadline)) return timed_out("in the TLS handshake with");
        if (ec) {
            const long verify = SSL_get_verify_result(tls->native_handle());
            if (verify != X509_V_OK) {
                return lost(fmt::format(
                    "TLS: the certificate of {} is not trusted: {}{}", where,
                    X509_verify_cert_error_string(verify),
                    ca_file.empty() ? " (checked against the system's CAs; give the server's "
                                      "CA certificate for a private CA)"
                                    : fmt::format(" (checked against {})", ca_file)));
            }
            return lost(fmt::format("TLS handshake with {} failed: {}", where, ec.message()));
        }
    }

    ws->set_option(websocket::stream_base::decorator([bearer](websocket::request_type& req) {
        req.set(beast::http::field::user_agent, "camstream-mock-camera");
        if (bearer) req.set(beast::http::field::authorization, "Bearer " + *bearer);
    }));
    ws->binary(true);
    // One frame per message: simple servers (and the ESP-IDF client) expect it.
    ws->auto_fragment(false);
    ws->read_message_max(64 * 1024);

    done = false;
    websocket::response_type response;
    ws->async_handshake(response, url->host_header(), url->target, [&](const error_code& e) {
        ec = e;
        done = true;
    });
    if (!run_until(done, deadline)) return timed_out("in the WebSocket handshake with");
    if (ec == websocket::error::upgrade_declined)
        return lost(fmt::format("server at {} refused the WebSocket upgrade: HTTP {} {}", where,
                                response.result_int(), std::string{response.reason()}));
    if (ec) return lost(fmt::format("WebSocket handshake with {} failed: {}", where, ec.message()));

    connected = true;
    start_read();
    return Status::success();
}

Status WebSocketTransport::Impl::send_binary(const std::uint8_t* data, std::size_t size,
                                             std::chrono::milliseconds timeout) {
    if (!connected) return Status::failure(end_reason.empty() ? "not connected" : end_reason);
    bool done = false;
    error_code ec;
    ws->async_write(asio::buffer(data, size), [&](const error_code& e, std::size_t) {
        ec = e;
        done = true;
    });
    if (!run_until(done, Clock::now() + timeout))
        return lost(
            fmt::format("send timed out after {} (server not reading?)", seconds_text(timeout)));
    if (ec) {
        // Prefer what the pending read learned (the server's close code) over
        // the write's generic "operation aborted" or "broken pipe".
        std::string reason = end_reason.empty() ? "send failed: " + ec.message() : end_reason;
        end_reason = reason;
        return lost(std::move(reason));
    }
    if (!connected) {
        // The write went out but the read saw the connection end meanwhile.
        return lost(end_reason);
    }
    return Status::success();
}

bool WebSocketTransport::Impl::poll_text(std::string& text) {
    if (connected) {
        // Runs the pending read's handler for whatever has arrived, without waiting.
        if (ioc.stopped()) ioc.restart();
        ioc.poll();
    }
    if (texts.empty()) return false;
    text = std::move(texts.front());
    texts.pop_front();
    return true;
}

void WebSocketTransport::Impl::close() {
    if (!ws) return;
    if (connected) {
        connected = false;
        bool done = false;
        ws->async_close(websocket::close_code::normal, [&](const error_code&) { done = true; });
        run_until(done, Clock::now() + kCloseTimeout);
    }
    abort();
    ws.reset();
}

WebSocketTransport::WebSocketTransport() : impl_{std::make_unique<Impl>()} {}
WebSocketTransport::~WebSocketTransport() = default;

void WebSocketTransport::trust_ca_file(std::string path) {
    impl_->ca_file = std::move(path);
    impl_->tls_context.reset();
}

void WebSocketTransport::send_token_as_bearer(bool on) {
    impl_->token_as_bearer = on;
}

Status WebSocketTransport::connect(const std::string& url, std::chrono::milliseconds timeout) {
    return impl_->connect(url, timeout);
}
Status WebSocketTransport::send_binary(const std::uint8_t* data, std::size_t size,
                                       std::chrono::milliseconds timeout) {
    return impl_->send_binary(data, size, timeout);
}
bool WebSocketTransport::is_connected() const {
    return impl_->connected;
}
void WebSocketTransport::close() {
    impl_->close();
}
bool WebSocketTransport::poll_text(std::string& text) {
    return impl_->poll_text(text);
}

}  // namespace camstream::camera
