#pragma once
// The viewer WebSocket's wire format, from the hub's events: "status" JSON for online and
// offline; for a new format an "init" JSON (codec, size) and then the init segment (ftyp+moov)
// as binary; for each frame its fMP4 fragment (prft+moof+mdat) as binary. The session itself
// adds the clock messages (see clock_message.hpp).
#include <array>
#include <cstddef>
#include <string>

#include "media/shared_bytes.hpp"
#include "stream/stream_event.hpp"

namespace camstream::server {

struct ViewerMessage {
    media::SharedBytes bytes;
    bool binary = false;
};

struct ViewerMessages {
    std::array<ViewerMessage, 2> items;
    std::size_t count = 0;
};

// What one event becomes on a viewer's connection (nothing for a frame without a fragment).
ViewerMessages viewer_messages(const std::string& camera_id, const stream::StreamEvent& event);

}  // namespace camstream::server
