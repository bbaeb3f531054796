#include "camera/core/wifi_control.hpp"

namespace camstream::camera {

const char* to_string(WifiLink::State state) {
    switch (state) {
        case WifiLink::State::kUninit:
            return "UNINIT";
        case WifiLink::State::kIdle:
            return "IDLE";
        case WifiLink::State::kConnecting:
            return "CONNECTING";
        case WifiLink::State::kConnected:
            return "CONNECTED";
    }
    return "?";
}

}  // namespace camstream::camera
