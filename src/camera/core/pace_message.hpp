#pragma once

#include <optional>
#include <string_view>

namespace camstream::camera {

// The server's pace request, one small JSON text message on the camera's own
// WebSocket:
//
//   {"type":"pace","fps":N}             send at most N frames a second (N > 0)
//   {"type":"pace","fps":N,"now":true}  the same, and send a frame at once
//
// Parsed by hand (the core has no JSON library): whitespace and key order are
// free, other keys are skipped whatever their value, a repeated key counts
// its last value. Anything that is not such an object is not a pace message.
struct PaceMessage {
    double fps = 0;    // > 0 and finite
    bool now = false;  // a viewer just joined: one frame without waiting

    // The request in `text`, or nothing (other types, malformed JSON, fps
    // missing, not a number or not > 0, now not true/false).
    static std::optional<PaceMessage> parse(std::string_view text);
};

}  // namespace camstream::camera
