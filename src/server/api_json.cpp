#include "server/api_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

namespace camstream::server {

namespace {
double one_decimal(double v) {
    return std::round(v * 10) / 10;
}
}  // namespace

std::string status_json(const std::vector<stream::CameraSnapshot>& cameras) {
    std::size_t connected = 0;
    std::size_t viewers = 0;
    bool streaming = false;
    for (const auto& c : cameras) {
        if (c.connected) ++connected;
        viewers += c.consumers_of("websocket").connected;
        if (c.connected && c.width > 0) streaming = true;
    }
    return nlohmann::json{
        {"camera_clients", connected}, {"viewer_clients", viewers}, {"streaming", streaming}}
        .dump();
}

std::string cameras_json(const std::vector<stream::CameraSnapshot>& cameras) {
    auto list = nlohmann::json::array();
    for (const auto& c : cameras) {
        auto consumers = nlohmann::json::object();
        for (const auto& [kind, figures] : c.consumers) {
            consumers[kind] = {{"connected", figures.connected}, {"skips", figures.skips}};
        }
        const std::string base = "/api/cameras/" + c.id;
        list.push_back({{"id", c.id},
                        {"connected", c.connected},
                        {"width", c.width},
                        {"height", c.height},
                        {"codec", c.codec},
                        {"fps", one_decimal(c.fps_out)},
                        {"bitrate_kbps", one_decimal(c.bitrate_kbps)},
                        {"viewers", c.consumers_of("websocket").connected},
                        {"frames_received", c.frames_received},
                        {"frames_encoded", c.frames_encoded},
                        {"frames_unwatched", c.frames_unwatched},
                        {"encoding", c.encoding},
                        {"frames_dropped", c.frames_dropped},
                        {"frames_rejected", c.frames_rejected},
                        {"rejected_by_reason", c.rejected_by_reason},
                        {"viewer_skips", c.consumers_of("websocket").skips},
                        {"consumers", consumers},
                        {"hls", "/hls/" + c.id + "/index.m3u8"},
                        {"mjpeg", base + "/mjpeg"},
                        {"snapshot", base + "/snapshot.jpg"}});
    }
    return nlohmann::json{{"cameras", list}}.dump();
}

}  // namespace camstream::server
