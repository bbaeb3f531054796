// A request target as a client sends it, through the WebSocket route (both ports), the
// percent-decoding under it and the per-camera HTTP paths. Checked: an id handed on is always
// 1-64 of A-Z a-z 0-9 _ -, the camera-only port never routes to a viewer or the events, and
// percent-decoding agrees with a plain re-encoding of its own output.
#include "server/ws_route.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "server/camera_path.hpp"

namespace {

using namespace camstream::server;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "ws_route invariant broken: %s\n", what);
    std::abort();
}

// Written from the rule, not from the code under test.
bool good_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string encode_all(std::string_view s) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char c : s) {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

void check_route(std::string_view target, bool camera_port_only) {
    const WsRoute route = parse_ws_route(target, camera_port_only);
    switch (route.kind) {
        case WsRoute::Kind::camera:
        case WsRoute::Kind::viewer:
            if (!good_id(route.camera_id)) fail("a route names a bad camera id");
            if (camera_port_only && route.kind == WsRoute::Kind::viewer) {
                fail("the camera port routes to a viewer");
            }
            break;
        case WsRoute::Kind::events:
            if (camera_port_only) fail("the camera port routes to the events");
            [[fallthrough]];
        case WsRoute::Kind::bad_id:
        case WsRoute::Kind::not_found:
            if (!route.camera_id.empty()) fail("a refused route carries an id");
            break;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view target(reinterpret_cast<const char*>(data), size);

    const std::string_view path = path_of(target);
    if (target.substr(0, path.size()) != path || path.find_first_of("?#") != path.npos) {
        fail("path_of is not the target up to ? or #");
    }

    std::string decoded;
    if (percent_decode(target, decoded)) {
        if (decoded.size() > target.size()) fail("decoding grew the text");
        if (target.find('%') == target.npos && decoded != target) fail("no escape, yet changed");
        std::string again;
        if (!percent_decode(encode_all(decoded), again) || again != decoded) {
            fail("decode(encode(x)) != x");
        }
    }

    check_route(target, false);
    check_route(target, true);

    const CameraPath camera_path = parse_camera_path(path);
    switch (camera_path.kind) {
        case CameraPath::Kind::hls:
            if (camera_path.file.empty() || camera_path.file.find('/') != std::string::npos) {
                fail("an HLS file name that is empty or has a slash");
            }
            [[fallthrough]];
        case CameraPath::Kind::snapshot:
        case CameraPath::Kind::mjpeg:
            if (!good_id(camera_path.camera_id)) fail("a camera path names a bad id");
            break;
        case CameraPath::Kind::none:
        case CameraPath::Kind::bad_id:
            if (!camera_path.camera_id.empty()) fail("a refused camera path carries an id");
            break;
    }
    return 0;
}
