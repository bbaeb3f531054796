#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "camera/core/status.hpp"
#include "camera/core/wifi_control.hpp"
#include "esp_event.h"
#include "esp_timer.h"

namespace camstream::firmware {

// The core's WifiControl on esp_wifi in station mode. The core keeps the
// credentials (Settings, NVS); this only drives the radio, so the WiFi driver
// is told to keep nothing in flash (WIFI_STORAGE_RAM).
//
// Reconnect: after an unwanted disconnect it retries at once up to
// kQuickRetries times, then every kSlowRetryMs for as long as the link is
// wanted (a camera must come back after its access point reboots), until
// `wifi disconnect` or a new `wifi connect`.
class WifiStation final : public camera::WifiControl {
public:
    WifiStation() = default;
    WifiStation(const WifiStation&) = delete;
    WifiStation& operator=(const WifiStation&) = delete;

    // esp_netif, the default event loop, esp_wifi in STA mode, started (so
    // scans work before any network is configured). Once, at boot.
    camera::Status start();

    camera::Status connect(const std::string& ssid, const std::string& password) override;
    camera::Status disconnect() override;
    camera::Status link(camera::WifiLink& out) override;
    camera::Status scan(std::size_t max, std::vector<camera::WifiNetwork>& out) override;

private:
    static void on_wifi_event(void* self, esp_event_base_t base, std::int32_t id, void* data);
    static void on_ip_event(void* self, esp_event_base_t base, std::int32_t id, void* data);
    static void on_retry_timer(void* self);
    void on_disconnected(int reason);
    void on_got_ip(const std::string& ip);

    static constexpr int kQuickRetries = 5;
    static constexpr int kSlowRetryMs = 10'000;

    std::mutex mutex_;  // guards tracker_; never held across esp_wifi calls
    // Link state, retries, and which disconnect events are our own.
    camera::WifiLinkTracker tracker_{kQuickRetries};
    esp_timer_handle_t retry_timer_ = nullptr;
};

}  // namespace camstream::firmware
