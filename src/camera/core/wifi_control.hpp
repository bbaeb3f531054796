#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "camera/core/status.hpp"

namespace camstream::camera {

// The WiFi station as `wifi status` shows it.
struct WifiLink {
    enum class State { kUninit, kIdle, kConnecting, kConnected };
    State state = State::kUninit;
    int last_disconnect_reason = 0;  // wifi_err_reason_t of the last disconnect; 0 if none
    std::string ip;                  // dotted IPv4 while connected; empty otherwise
    int rssi = 0;                    // dBm of the access point while connected; 0 if unknown
};

// "UNINIT", "IDLE", "CONNECTING", "CONNECTED", as `wifi status` prints them.
const char* to_string(WifiLink::State state);

// One access point from a scan.
struct WifiNetwork {
    std::string ssid;  // empty for a hidden network
    int channel = 0;
    int rssi = 0;      // dBm
    std::string auth;  // "OPEN", "WPA2", "WPA2/WPA3", ...
};

// The WiFi station: esp_wifi on the device; MockWifiControl on a PC, where
// the host's own network is used and every call says so. The console keeps
// the credentials (Settings); this only acts on the radio.
class WifiControl {
public:
    virtual ~WifiControl() = default;

    // Starts connecting (returns before the link is up; `wifi status` shows
    // progress). Replaces any current connection.
    virtual Status connect(const std::string& ssid, const std::string& password) = 0;
    virtual Status disconnect() = 0;
    virtual Status link(WifiLink& out) = 0;
    // Blocks for the scan (a few seconds); at most `max` networks, strongest first.
    virtual Status scan(std::size_t max, std::vector<WifiNetwork>& out) = 0;
};

}  // namespace camstream::camera
