#include "server/viewer_protocol.hpp"

#include <nlohmann/json.hpp>

namespace camstream::server {

namespace {
media::SharedBytes text(const nlohmann::json& json) {
    const std::string dumped = json.dump();
    return media::share(media::Bytes(dumped.begin(), dumped.end()));
}

ViewerMessage status(const std::string& camera_id, const char* state) {
    return {text({{"type", "status"}, {"camera", camera_id}, {"state", state}}), false};
}
}  // namespace

ViewerMessages viewer_messages(const std::string& camera_id, const stream::StreamEvent& event) {
    ViewerMessages out;
    switch (event.kind) {
        case stream::StreamEvent::Kind::online:
            out.items[out.count++] = status(camera_id, "online");
            break;
        case stream::StreamEvent::Kind::offline:
            out.items[out.count++] = status(camera_id, "offline");
            break;
        case stream::StreamEvent::Kind::format: {
            const stream::StreamFormat& f = *event.format;
            out.items[out.count++] = {text({{"type", "init"},
                                            {"camera", camera_id},
                                            {"codec", f.codec},
                                            {"width", f.width},
                                            {"height", f.height}}),
                                      false};
            out.items[out.count++] = {f.init_segment, true};
            break;
        }
        case stream::StreamEvent::Kind::frame:
            if (event.frame->fragment) out.items[out.count++] = {event.frame->fragment, true};
            break;
    }
    return out;
}

}  // namespace camstream::server
