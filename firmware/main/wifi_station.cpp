#include "wifi_station.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>

#include "esp_log.h"
#include "esp_netif.h"
#include "esp_wifi.h"

namespace camstream::firmware {
namespace {

constexpr const char* kTag = "wifi";

using camera::Status;
using State = camera::WifiLink::State;

Status esp_failure(const char* call, esp_err_t err) {
    return Status::failure(std::string{call} + ": " + esp_err_to_name(err));
}

// The reason codes a user meets, in words for the log (README lists them too).
const char* reason_text(int reason) {
    switch (reason) {
        case WIFI_REASON_AUTH_EXPIRE:
            return "auth expired: AP out of reach or refused us";
        case WIFI_REASON_ASSOC_LEAVE:
            return "left the network (disconnect)";
        case WIFI_REASON_4WAY_HANDSHAKE_TIMEOUT:
        case WIFI_REASON_HANDSHAKE_TIMEOUT:
            return "handshake timeout: wrong password?";
        case WIFI_REASON_AUTH_FAIL:
            return "authentication failed: wrong password or security mode?";
        case WIFI_REASON_BEACON_TIMEOUT:
            return "beacon timeout: AP gone or out of range";
        case WIFI_REASON_NO_AP_FOUND:
            return "no AP with that SSID (2.4 GHz only)";
        case WIFI_REASON_NO_AP_FOUND_W_COMPATIBLE_SECURITY:
        case WIFI_REASON_NO_AP_FOUND_IN_AUTHMODE_THRESHOLD:
            return "AP found but its security mode does not match";
        case WIFI_REASON_ASSOC_FAIL:
        case WIFI_REASON_CONNECTION_FAIL:
            return "association failed";
        default:
            return "see esp_wifi_types.h wifi_err_reason_t";
    }
}

const char* auth_text(wifi_auth_mode_t mode) {
    switch (mode) {
        case WIFI_AUTH_OPEN:
            return "OPEN";
        case WIFI_AUTH_WEP:
            return "WEP";
        case WIFI_AUTH_WPA_PSK:
            return "WPA";
        case WIFI_AUTH_WPA2_PSK:
            return "WPA2";
        case WIFI_AUTH_WPA_WPA2_PSK:
            return "WPA/WPA2";
        case WIFI_AUTH_WPA2_ENTERPRISE:
            return "WPA2-ENT";
        case WIFI_AUTH_WPA3_PSK:
            return "WPA3";
        case WIFI_AUTH_WPA2_WPA3_PSK:
            return "WPA2/WPA3";
        case WIFI_AUTH_WAPI_PSK:
            return "WAPI";
        case WIFI_AUTH_OWE:
            return "OWE";
        default:
            return "OTHER";
    }
}

}  // namespace

Status WifiStation::start() {
    {
        std::lock_guard<std::mutex> lock{mutex_};
        if (tracker_.is_started()) return Status::success();
    }
    if (esp_err_t err = esp_netif_init(); err != ESP_OK) return esp_failure("esp_netif_init", err);
    // ESP_ERR_INVALID_STATE: someone already created the default loop; fine.
    if (esp_err_t err = esp_event_loop_create_default(); err != ESP_OK && err != ESP_ERR_INVALID_STATE)
        return esp_failure("esp_event_loop_create_default", err);
    if (esp_netif_create_default_wifi_sta() == nullptr)
        return Status::failure("esp_netif_create_default_wifi_sta failed");

    wifi_init_config_t init = WIFI_INIT_CONFIG_DEFAULT();
    if (esp_err_t err = esp_wifi_init(&init); err != ESP_OK) return esp_failure("esp_wifi_init", err);
    if (esp_err_t err = esp_event_handler_instance_register(WIFI_EVENT, ESP_EVENT_ANY_ID,
                                                            &WifiStation::on_wifi_event, this, nullptr);
        err != ESP_OK)
        return esp_failure("register WIFI_EVENT", err);
    if (esp_err_t err = esp_event_handler_instance_register(IP_EVENT, ESP_EVENT_ANY_ID,
                                                            &WifiStation::on_ip_event, this, nullptr);
        err != ESP_OK)
        return esp_failure("register IP_EVENT", err);

    esp_timer_create_args_t timer{};
    timer.callback = &WifiStation::on_retry_timer;
    timer.arg = this;
    timer.dispatch_method = ESP_TIMER_TASK;
    timer.name = "wifi_retry";
    if (esp_err_t err = esp_timer_create(&timer, &retry_timer_); err != ESP_OK)
        return esp_failure("esp_timer_create", err);

    // The credentials live in our NVS namespace; the driver keeps none in flash.
    if (esp_err_t err = esp_wifi_set_storage(WIFI_STORAGE_RAM); err != ESP_OK)
        return esp_failure("esp_wifi_set_storage", err);
    if (esp_err_t err = esp_wifi_set_mode(WIFI_MODE_STA); err != ESP_OK)
        return esp_failure("esp_wifi_set_mode", err);
    if (esp_err_t err = esp_wifi_start(); err != ESP_OK) return esp_failure("esp_wifi_start", err);
    // Modem sleep would hold each frame until the AP's next beacon: off.
    esp_wifi_set_ps(WIFI_PS_NONE);

    std::lock_guard<std::mutex> lock{mutex_};
    tracker_.started();
    return Status::success();
}

Status WifiStation::connect(const std::string& ssid, const std::string& password) {
    {
        std::lock_guard<std::mutex> lock{mutex_};
        if (!tracker_.is_started()) return Status::failure("WiFi is not started");
    }
    wifi_config_t config;  // a union (ap/sta/nan): clear all of it
    std::memset(&config, 0, sizeof config);
    if (ssid.empty() || ssid.size() > sizeof config.sta.ssid)
        return Status::failure("SSID must be 1-32 bytes");
    if (password.size() > sizeof config.sta.password)
        return Status::failure("password is longer than 64 characters");
    std::memcpy(config.sta.ssid, ssid.data(), ssid.size());
    std::memcpy(config.sta.password, password.data(), password.size());
    // With a password: WPA2 or better (WPA3-SAE too); without: an open network.
    config.sta.threshold.authmode = password.empty() ? WIFI_AUTH_OPEN : WIFI_AUTH_WPA2_PSK;
    config.sta.sae_pwe_h2e = WPA3_SAE_PWE_BOTH;
    // Of several APs with this SSID, join the strongest.
    config.sta.scan_method = WIFI_ALL_CHANNEL_SCAN;
    config.sta.sort_method = WIFI_CONNECT_AP_BY_SIGNAL;

    {
        // Leave the current network (or attempt) quietly: the disconnect
        // event it brings must not count as a failure of the new one.
        std::lock_guard<std::mutex> lock{mutex_};
        tracker_.connect_requested(ssid);
    }
    esp_timer_stop(retry_timer_);  // ESP_ERR_INVALID_STATE when not armed: fine
    esp_wifi_disconnect();

    const char* call = "esp_wifi_set_config";
    esp_err_t err = esp_wifi_set_config(WIFI_IF_STA, &config);
    if (err == ESP_OK) {
        {
            std::lock_guard<std::mutex> lock{mutex_};
            tracker_.connect_started();
        }
        call = "esp_wifi_connect";
        err = esp_wifi_connect();
    }
    if (err != ESP_OK) {
        std::lock_guard<std::mutex> lock{mutex_};
        tracker_.connect_failed();
        return esp_failure(call, err);
    }
    ESP_LOGI(kTag, "connecting to '%s'", ssid.c_str());
    return Status::success();
}

Status WifiStation::disconnect() {
    {
        std::lock_guard<std::mutex> lock{mutex_};
        if (!tracker_.is_started()) return Status::failure("WiFi is not started");
        tracker_.disconnect_requested();
    }
    esp_timer_stop(retry_timer_);
    if (esp_err_t err = esp_wifi_disconnect(); err != ESP_OK)
        return esp_failure("esp_wifi_disconnect", err);
    return Status::success();
}

Status WifiStation::link(camera::WifiLink& out) {
    {
        std::lock_guard<std::mutex> lock{mutex_};
        out = tracker_.link();
    }
    // Signal strength changes all the time: ask the driver now rather than keep a copy.
    wifi_ap_record_t ap{};
    if (out.state == State::kConnected && esp_wifi_sta_get_ap_info(&ap) == ESP_OK) out.rssi = ap.rssi;
    return Status::success();
}

Status WifiStation::scan(std::size_t max, std::vector<camera::WifiNetwork>& out) {
    out.clear();
    {
        std::lock_guard<std::mutex> lock{mutex_};
        if (!tracker_.is_started()) return Status::failure("WiFi is not started");
    }
    wifi_scan_config_t config{};
    config.show_hidden = true;
    // Blocks this (console) task for the scan, ~2-4 s over all channels.
    esp_err_t err = esp_wifi_scan_start(&config, true);
    if (err == ESP_ERR_WIFI_STATE)
        return Status::failure(
            "the radio is busy connecting; scan once wifi status says CONNECTED, or after wifi "
            "disconnect");
    if (err != ESP_OK) return esp_failure("esp_wifi_scan_start", err);

    std::uint16_t count = 0;
    esp_wifi_scan_get_ap_num(&count);
    std::vector<wifi_ap_record_t> records(count);
    if (count == 0) {
        esp_wifi_clear_ap_list();  // frees the driver's scan results
        return Status::success();
    }
    // Fetching the records also frees the driver's copy.
    if (err = esp_wifi_scan_get_ap_records(&count, records.data()); err != ESP_OK)
        return esp_failure("esp_wifi_scan_get_ap_records", err);
    records.resize(count);
    std::sort(records.begin(), records.end(),
              [](const wifi_ap_record_t& a, const wifi_ap_record_t& b) { return a.rssi > b.rssi; });
    for (const wifi_ap_record_t& r : records) {
        if (out.size() == max) break;
        camera::WifiNetwork n;
        n.ssid = reinterpret_cast<const char*>(r.ssid);  // NUL-terminated (33 bytes)
        n.channel = r.primary;
        n.rssi = r.rssi;
        n.auth = auth_text(r.authmode);
        out.push_back(std::move(n));
    }
    return Status::success();
}

void WifiStation::on_wifi_event(void* self, esp_event_base_t /*base*/, std::int32_t id,
                                void* data) {
    auto& s = *static_cast<WifiStation*>(self);
    if (id == WIFI_EVENT_STA_CONNECTED) {
        std::lock_guard<std::mutex> lock{s.mutex_};
        s.tracker_.associated();
        ESP_LOGI(kTag, "associated with '%s'; waiting for an IP address (DHCP)",
                 s.tracker_.ssid().c_str());
    } else if (id == WIFI_EVENT_STA_DISCONNECTED) {
        const auto* event = static_cast<const wifi_event_sta_disconnected_t*>(data);
        s.on_disconnected(event != nullptr ? event->reason : 0);
    }
}

void WifiStation::on_disconnected(int reason) {
    using Retry = camera::WifiLinkTracker::Retry;
    camera::WifiLinkTracker::AfterDisconnect after;
    std::string ssid;
    {
        std::lock_guard<std::mutex> lock{mutex_};
        after = tracker_.disconnected(reason);
        ssid = tracker_.ssid();
    }
    if (after.ours) return;  // leaving the old network for a new `wifi connect`
    switch (after.retry) {
        case Retry::kNone:
            ESP_LOGI(kTag, "disconnected (reason %d: %s)", reason, reason_text(reason));
            break;
        case Retry::kNow:
            ESP_LOGW(kTag, "'%s': disconnected (reason %d: %s); retry %d of %d", ssid.c_str(),
                     reason, reason_text(reason), after.attempt, kQuickRetries);
            esp_wifi_connect();
            break;
        case Retry::kLater:
            ESP_LOGW(kTag, "'%s': disconnected (reason %d: %s); retrying every %d s", ssid.c_str(),
                     reason, reason_text(reason), kSlowRetryMs / 1000);
            esp_timer_start_once(retry_timer_, kSlowRetryMs * 1000ULL);
            break;
    }
}

void WifiStation::on_retry_timer(void* self) {
    auto& s = *static_cast<WifiStation*>(self);
    {
        std::lock_guard<std::mutex> lock{s.mutex_};
        if (!s.tracker_.wants_retry()) return;
    }
    esp_wifi_connect();
}

void WifiStation::on_ip_event(void* self, esp_event_base_t /*base*/, std::int32_t id,
                              void* data) {
    auto& s = *static_cast<WifiStation*>(self);
    if (id == IP_EVENT_STA_GOT_IP && data != nullptr) {
        const auto* event = static_cast<const ip_event_got_ip_t*>(data);
        char ip[16];
        std::snprintf(ip, sizeof ip, IPSTR, IP2STR(&event->ip_info.ip));
        s.on_got_ip(ip);
    } else if (id == IP_EVENT_STA_LOST_IP) {
        std::lock_guard<std::mutex> lock{s.mutex_};
        s.tracker_.lost_ip();
    }
}

void WifiStation::on_got_ip(const std::string& ip) {
    std::string ssid;
    {
        std::lock_guard<std::mutex> lock{mutex_};
        tracker_.got_ip(ip);
        ssid = tracker_.ssid();
    }
    // The link's signal strength goes to the log: `wifi status` has no field for it.
    wifi_ap_record_t ap{};
    if (esp_wifi_sta_get_ap_info(&ap) == ESP_OK)
        ESP_LOGI(kTag, "connected to '%s': ip %s, rssi %d dBm, channel %d", ssid.c_str(),
                 ip.c_str(), ap.rssi, ap.primary);
    else
        ESP_LOGI(kTag, "connected to '%s': ip %s", ssid.c_str(), ip.c_str());
}

}  // namespace camstream::firmware
