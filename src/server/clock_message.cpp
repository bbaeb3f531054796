#include "server/clock_message.hpp"

#include <nlohmann/json.hpp>

namespace camstream::server {

// Ordered: "type" first, as the protocol is written down.
using Json = nlohmann::ordered_json;

std::string clock_hello(double server_time_ms) {
    return Json{{"type", "clock"}, {"server_time", server_time_ms}}.dump();
}

std::optional<std::string> clock_reply(std::string_view text, double server_time_ms) {
    const Json question = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!question.is_object()) return std::nullopt;
    const auto type = question.find("type");
    const auto client_time = question.find("client_time");
    if (type == question.end() || *type != "clock") return std::nullopt;
    if (client_time == question.end() || !client_time->is_number()) return std::nullopt;
    return Json{{"type", "clock"}, {"client_time", *client_time}, {"server_time", server_time_ms}}
        .dump();
}

}  // namespace camstream::server
