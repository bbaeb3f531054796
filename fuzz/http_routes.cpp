// Bytes off a plain HTTP connection, parsed by Beast's request parser with the server's body
// limit, then answered by the HTTP routes of both ports (the camera-only port and the main
// one) over a real hub that knows two cameras and a web root in a temporary directory. What
// the HTTP session hands elsewhere (WebSocket upgrades, MJPEG and HLS) is left out, as there.
// Checked: every answer serializes, its Content-Length is its body's size (none for HEAD),
// and no answer carries a byte of a file outside the web root or of a dot name.
#include "server/http_routes.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "server/admission.hpp"
#include "server/camera_path.hpp"
#include "server/connection_registry.hpp"
#include "server/hls_service.hpp"
#include "server/server_config.hpp"
#include "server/ws_route.hpp"
#include "stream/stream_hub.hpp"

namespace {

namespace fs = std::filesystem;
using namespace camstream;
using namespace camstream::server;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "http_routes invariant broken: %s\n", what);
    std::abort();
}

void write_file(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

struct Server {
    fs::path base;
    ServerConfig config;
    net::io_context ioc;
    stream::StreamHub hub{config.stream, ioc.get_executor(), config.max_cameras};
    ConnectionRegistry connections;
    HlsService hls{ioc, hub, config.hls};
    ClosedConnections closed;
    Admission admission{config};
    std::unique_ptr<HttpRoutes> main_port;
    std::unique_ptr<HttpRoutes> camera_port;

    Server() {
        std::string templ = (fs::temp_directory_path() / "camstream-fuzz-XXXXXX").string();
        if (!mkdtemp(templ.data())) std::abort();
        base = templ;
        write_file(base / "web/index.html", "<!doctype html>inside");
        write_file(base / "web/app.js", "inside");
        write_file(base / "web/.secret", "SECRET-DOT");
        write_file(base / "outside/secret.txt", "SECRET-OUT");
        fs::create_symlink("../outside/secret.txt", base / "web/out.txt");
        config.web_root = (base / "web").string();

        // "cam-1" is connected (no picture yet), "cam-2" known and offline.
        auto cam1 = hub.camera("cam-1");
        cam1->attach_source([] {}, [](double, bool) {});
        hub.camera("cam-2");
        ioc.run();

        const ServerContext context{config, hub, connections, hls, closed, admission, nullptr};
        main_port = std::make_unique<HttpRoutes>(context, false);
        camera_port = std::make_unique<HttpRoutes>(context, true);
    }
    ~Server() {
        main_port.reset();
        camera_port.reset();
        hls.stop();
        std::error_code ec;
        fs::remove_all(base, ec);
    }
};

// The input with every well-formed %XX decoded, once. Not server::percent_decode, which
// refuses a whole string with one malformed escape: a raw request (headers and all) often holds
// one, and every well-formed escape around it must still count.
std::string percent_decoded(std::string_view in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size() &&
            std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
            out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += in[i];
        }
    }
    return out;
}

// `request_text`: the raw request and its percent-decoded form. An answer may echo the request
// (a camera id in a 404, the Host in a share link), so a secret's contents only count as served
// when the request did not carry them itself.
void check(const HttpRequest& request, const HttpResponse& response,
           const std::string& request_text) {
    const auto body_size = SharedBytesBody::size(response.body());
    if (request.method() == http::verb::head) {
        if (body_size != 0) fail("HEAD answered with a body");
    } else if (response[http::field::content_length] != std::to_string(body_size)) {
        fail("Content-Length is not the body's size");
    }
    std::ostringstream out;
    out << response;
    const std::string wire = out.str();
    for (const char* secret : {"SECRET-DOT", "SECRET-OUT"}) {
        if (wire.find(secret) != std::string::npos &&
            request_text.find(secret) == std::string::npos) {
            fail("served a file it must not");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    spdlog::set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Server server;

    http::request_parser<http::string_body> parser;
    parser.body_limit(64 * 1024);  // as the HTTP session sets it
    beast::error_code ec;
    std::size_t used = 0;
    while (!parser.is_done() && used < size) {
        const std::size_t n = parser.put(net::buffer(data + used, size - used), ec);
        used += n;
        if (ec || n == 0) break;
    }
    if (!parser.is_done()) return 0;  // the session would wait for more or drop the connection
    const HttpRequest request = parser.release();

    if (websocket::is_upgrade(request)) {
        parse_ws_route(request.target(), false);
        parse_ws_route(request.target(), true);
        return 0;  // the WebSocket sessions take it from here
    }
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    const std::string request_text = std::string(raw) + "\n" + percent_decoded(raw);
    // Taken by the HLS service or an MJPEG session on the main port, never by the routes.
    const auto streamed = parse_camera_path(path_of(request.target())).kind;
    const bool get_or_head =
        request.method() == http::verb::get || request.method() == http::verb::head;
    if (!(get_or_head &&
          (streamed == CameraPath::Kind::hls || streamed == CameraPath::Kind::mjpeg))) {
        check(request, server.main_port->handle(request), request_text);
    }
    check(request, server.camera_port->handle(request), request_text);
    return 0;
}
