#include "server/events_protocol.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace camstream::server {

namespace {
using Json = nlohmann::ordered_json;  // "type" first, as the protocol is written down

Json describe(const std::string& id, bool online, int width, int height) {
    return Json{
        {"id", id}, {"state", online ? "online" : "offline"}, {"width", width}, {"height", height}};
}
}  // namespace

std::string cameras_message(const std::vector<stream::CameraSnapshot>& cameras,
                            double server_time_ms) {
    std::vector<const stream::CameraSnapshot*> sorted;
    for (const auto& c : cameras) sorted.push_back(&c);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->id < b->id; });
    Json list = Json::array();
    for (const auto* c : sorted) list.push_back(describe(c->id, c->connected, c->width, c->height));
    return Json{{"type", "cameras"}, {"server_time", server_time_ms}, {"cameras", std::move(list)}}
        .dump();
}

std::string event_message(const stream::HubEvent& event) {
    const stream::CameraPresence& c = event.camera;
    if (event.kind == stream::HubEvent::Kind::removed) {
        return Json{{"type", "removed"}, {"id", c.id}}.dump();
    }
    Json message{{"type", "camera"}};
    message.update(describe(c.id, c.online, c.width, c.height));
    return message.dump();
}

}  // namespace camstream::server
