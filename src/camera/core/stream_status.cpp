#include "camera/core/stream_status.hpp"

namespace camstream::camera {

const char* to_string(StreamState state) {
    switch (state) {
        case StreamState::kIdle:
            return "idle";
        case StreamState::kConnecting:
            return "connecting";
        case StreamState::kStreaming:
            return "streaming";
        case StreamState::kBackingOff:
            return "backing-off";
    }
    return "?";
}

}  // namespace camstream::camera
