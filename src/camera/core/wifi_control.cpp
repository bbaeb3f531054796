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

void WifiLinkTracker::started() {
    if (link_.state == WifiLink::State::kUninit) link_.state = WifiLink::State::kIdle;
}

void WifiLinkTracker::connect_requested(const std::string& ssid) {
    // Associated, or an attempt under way: the disconnect that comes first
    // has an event of its own to come.
    own_disconnect_pending_ = associated_ || (want_link_ && link_.state != WifiLink::State::kIdle);
    want_link_ = false;  // until the new attempt starts, a drop is no reason to retry
    retries_ = 0;
    ssid_ = ssid;
}

void WifiLinkTracker::connect_started() {
    want_link_ = true;
    link_.state = WifiLink::State::kConnecting;
    link_.ip.clear();
}

void WifiLinkTracker::connect_failed() {
    want_link_ = false;
    if (!associated_) link_.state = WifiLink::State::kIdle;
}

void WifiLinkTracker::disconnect_requested() {
    want_link_ = false;
    retries_ = 0;
    if (!associated_) link_.state = WifiLink::State::kIdle;  // else the event says so
}

void WifiLinkTracker::associated() {
    associated_ = true;
    // Events come in order: our disconnect's would have come before this.
    own_disconnect_pending_ = false;
}

void WifiLinkTracker::got_ip(const std::string& ip) {
    link_.state = WifiLink::State::kConnected;
    link_.ip = ip;
    retries_ = 0;
    own_disconnect_pending_ = false;
}

void WifiLinkTracker::lost_ip() {
    link_.ip.clear();
    if (link_.state == WifiLink::State::kConnected) link_.state = WifiLink::State::kConnecting;
}

WifiLinkTracker::AfterDisconnect WifiLinkTracker::disconnected(int reason) {
    associated_ = false;
    link_.ip.clear();
    AfterDisconnect after;
    if (own_disconnect_pending_ && reason == kReasonAssocLeave) {
        own_disconnect_pending_ = false;
        after.ours = true;
        return after;
    }
    link_.last_disconnect_reason = reason;
    if (!want_link_) {
        link_.state = WifiLink::State::kIdle;
        return after;
    }
    link_.state = WifiLink::State::kConnecting;
    if (retries_ < quick_retries_) {
        after.retry = Retry::kNow;
        after.attempt = ++retries_;
    } else {
        after.retry = Retry::kLater;
    }
    return after;
}

}  // namespace camstream::camera
