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

// The station's link as requests and the driver's events leave it, and what
// to do after a disconnect: the rules of the device's WifiStation, apart from
// esp_wifi so that host tests drive them. Not thread-safe: the station's
// mutex guards it, and it calls nothing.
//
// Our own disconnects (esp_wifi_disconnect() when `wifi connect` replaces a
// link or an attempt in progress) come back as a disconnect event with reason
// ASSOC_LEAVE; that event belongs to the old link, not to the new attempt, so
// it neither counts as a failed try nor triggers a retry.
class WifiLinkTracker {
public:
    enum class Retry { kNone, kNow, kLater };
    struct AfterDisconnect {
        Retry retry = Retry::kNone;
        int attempt = 0;    // with kNow: which quick retry this is (1-based)
        bool ours = false;  // the event of our own disconnect; nothing changed
    };

    // wifi_err_reason_t WIFI_REASON_ASSOC_LEAVE: the station left on request.
    static constexpr int kReasonAssocLeave = 8;

    explicit WifiLinkTracker(int quick_retries = 5) : quick_retries_{quick_retries} {}

    void started();  // the radio is up, no network yet
    bool is_started() const { return link_.state != WifiLink::State::kUninit; }

    // `wifi connect`: about to disconnect from whatever is going on (a link or
    // an attempt) and join `ssid`; then either connect_started() or
    // connect_failed().
    void connect_requested(const std::string& ssid);
    void connect_started();
    void connect_failed();
    void disconnect_requested();

    void associated();
    void got_ip(const std::string& ip);
    void lost_ip();
    AfterDisconnect disconnected(int reason);

    // A slow retry is due now only if the link is still wanted and not up.
    bool wants_retry() const { return want_link_ && !associated_; }
    const WifiLink& link() const { return link_; }
    const std::string& ssid() const { return ssid_; }
    int quick_retries() const { return quick_retries_; }

private:
    int quick_retries_;
    WifiLink link_;
    std::string ssid_;
    bool want_link_ = false;  // connect was the last word, not disconnect
    bool associated_ = false;
    bool own_disconnect_pending_ = false;  // our esp_wifi_disconnect's event is still to come
    int retries_ = 0;
};

}  // namespace camstream::camera
