#include "tls_client.hpp"

#include <openssl/bn.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "child_process.hpp"

namespace camstream::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;

namespace {

void openssl(const std::vector<std::string>& args) {
    ChildProcess run("/usr/bin/openssl", args);
    const auto code = run.wait(std::chrono::seconds(30));
    if (code != std::optional<int>(0)) {
        throw std::runtime_error("openssl " + args.front() + " failed:\n" + run.log());
    }
}

std::shared_ptr<ssl::context> client_context(const std::string& ca_file) {
    auto context = std::make_shared<ssl::context>(ssl::context::tls_client);
    context->load_verify_file(ca_file);
    context->set_verify_mode(ssl::verify_peer);
    return context;
}

void expect_name(SSL* ssl, const std::string& host) {
    boost::system::error_code ec;
    boost::asio::ip::make_address(host, ec);
    if (!ec) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str());
    } else {
        SSL_set1_host(ssl, host.c_str());
        SSL_set_tlsext_host_name(ssl, host.c_str());
    }
}

std::string serial_of(SSL* ssl) {
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (cert == nullptr) return {};
    std::string serial;
    if (BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert), nullptr)) {
        if (char* hex = BN_bn2hex(bn)) {
            serial = hex;
            OPENSSL_free(hex);
        }
        BN_free(bn);
    }
    X509_free(cert);
    return serial;
}

bool is_clock_message(const WsMessage& m) {
    if (m.binary) return false;
    const auto json = nlohmann::json::parse(m.data, nullptr, false);
    return json.is_object() && json.value("type", "") == "clock";
}

}  // namespace

void make_test_ca(const std::string& dir) {
    openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", dir + "/ca.key", "-out", dir + "/ca.pem", "-days", "2", "-subj",
             "/CN=camstream test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
             "keyUsage=critical,keyCertSign,cRLSign"});
}

void make_server_certificate(const std::string& dir, const std::string& serial_hex,
                             const std::string& cert_file, const std::string& key_file) {
    const std::string stem = dir + "/server-" + serial_hex;
    {
        std::ofstream ext(stem + ".ext");
        ext << "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
               "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n";
    }
    openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", stem + ".key", "-out", stem + ".csr", "-subj", "/CN=localhost"});
    openssl({"x509", "-req", "-in", stem + ".csr", "-CA", dir + "/ca.pem", "-CAkey",
             dir + "/ca.key", "-set_serial", "0x" + serial_hex, "-days", "2", "-extfile",
             stem + ".ext", "-out", stem + ".pem"});
    std::filesystem::rename(stem + ".key", key_file);
    std::filesystem::rename(stem + ".pem", cert_file);
}

TlsWsClient::TlsWsClient(std::uint16_t port, const std::string& path, const std::string& ca_file,
                         const std::string& host)
    : context_(ssl::context::tls_client), ws_(ioc_, context_) {
    context_.load_verify_file(ca_file);
    context_.set_verify_mode(ssl::verify_peer);
    expect_name(ws_.next_layer().native_handle(), host);
    auto& tcp_layer = beast::get_lowest_layer(ws_);
    tcp_layer.expires_after(std::chrono::seconds(10));
    tcp_layer.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    ws_.next_layer().handshake(ssl::stream_base::client);
    ws_.handshake(host + ":" + std::to_string(port), path);
    tcp_layer.expires_never();
}

TlsWsClient::~TlsWsClient() {
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
}

void TlsWsClient::send_binary(const std::string& bytes) {
    ws_.binary(true);
    ws_.write(boost::asio::buffer(bytes));
}

std::optional<WsMessage> TlsWsClient::read(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        buffer_.clear();
        bool done = false;
        beast::error_code result;
        ws_.async_read(buffer_, [&](beast::error_code ec, std::size_t) {
            done = true;
            result = ec;
        });
        ioc_.restart();
        ioc_.run_until(deadline);
        if (!done) {
            beast::get_lowest_layer(ws_).socket().cancel();
            ioc_.restart();
            ioc_.run();
            return std::nullopt;
        }
        if (result) throw beast::system_error(result);
        WsMessage message{ws_.got_binary(), beast::buffers_to_string(buffer_.data())};
        if (!is_clock_message(message)) return message;
    }
}

std::string TlsWsClient::peer_serial() {
    return serial_of(ws_.next_layer().native_handle());
}

HttpResult https_get(std::uint16_t port, const std::string& target, const std::string& ca_file) {
    boost::asio::io_context ioc;
    auto context = client_context(ca_file);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, *context);
    expect_name(stream.native_handle(), "localhost");
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(stream).connect(
        tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    stream.handshake(ssl::stream_base::client);
    http::request<http::empty_body> request{http::verb::get, target, 11};
    request.set(http::field::host, "localhost:" + std::to_string(port));
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    beast::error_code ec;
    beast::get_lowest_layer(stream).socket().close(ec);
    return {static_cast<int>(response.result_int()), response.body()};
}

}  // namespace camstream::test
