#pragma once
// What a camera sends to its viewers. Payloads are shared: a frame is encoded and muxed once
// per camera and the same bytes go to every viewer's queue.
#include <memory>
#include <string>

namespace camstream::stream {

struct StreamMessage {
    enum class Kind {
        text,          // JSON control message (init, status)
        init_segment,  // ftyp+moov
        fragment,      // moof+mdat of one frame
    };
    Kind kind = Kind::text;
    std::shared_ptr<const std::string> payload;
    bool keyframe = false;  // fragments only

    bool is_binary() const { return kind != Kind::text; }
};

}  // namespace camstream::stream
