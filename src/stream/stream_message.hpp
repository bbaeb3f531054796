#pragma once
// What a camera sends to its viewers. Payloads are shared: a frame is encoded and muxed once
// per camera and the same bytes go to every viewer's queue.
#include <memory>
#include <string>

namespace camstream::stream {

struct StreamMessage {
    enum class Kind {
        status,        // JSON text: the camera is online / offline
        init_info,     // JSON text: codec and size of the init segment that follows
        init_segment,  // ftyp+moov
        fragment,      // moof+mdat of one frame
    };
    Kind kind = Kind::status;
    std::shared_ptr<const std::string> payload;
    bool keyframe = false;  // fragments only

    bool is_binary() const { return kind == Kind::init_segment || kind == Kind::fragment; }
};

}  // namespace camstream::stream
