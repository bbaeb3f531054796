#include "camera/core/settings_store.hpp"

#include <initializer_list>
#include <string>

#include "camera/core/decimal.hpp"

namespace camstream::camera {
namespace {

constexpr const char* kWifiSsid = "wifi_ssid";
constexpr const char* kWifiPass = "wifi_pass";
constexpr const char* kHost = "host";
constexpr const char* kPort = "port";
constexpr const char* kPath = "path";
constexpr const char* kCameraId = "camera_id";
constexpr const char* kInterval = "interval_ms";
constexpr const char* kQuality = "jpeg_quality";
constexpr const char* kToken = "token";
constexpr const char* kVflip = "vflip";
constexpr const char* kHmirror = "hmirror";

const std::initializer_list<const char*> kWifiKeys = {kWifiSsid, kWifiPass};
const std::initializer_list<const char*> kStreamKeys = {kHost,     kPort,    kPath, kCameraId,
                                                        kInterval, kQuality, kToken};

// Reads `key` into `out` if it is saved and passes `check`; warns otherwise.
template <typename Check>
void load_text(const KeyValueStore& store, const char* key, Check check, std::string& out,
               LogSink& log) {
    const auto value = store.get(key);
    if (!value || value->empty()) return;
    const Status ok = check(*value);
    if (!ok) {
        log.warn(std::string{"ignoring saved "} + key + ": " + ok.message());
        return;
    }
    out = *value;
}

template <typename Check>
bool load_number(const KeyValueStore& store, const char* key, Check check, long& out,
                 LogSink& log) {
    const auto value = store.get(key);
    if (!value) return false;
    long number = 0;
    if (!parse_decimal(*value, number)) {
        log.warn(std::string{"ignoring saved "} + key + " '" + *value + "': not a number");
        return false;
    }
    const Status ok = check(number);
    if (!ok) {
        log.warn(std::string{"ignoring saved "} + key + ": " + ok.message());
        return false;
    }
    out = number;
    return true;
}

bool load_flag(const KeyValueStore& store, const char* key, bool& out, LogSink& log) {
    const auto value = store.get(key);
    if (!value) return false;
    if (*value != "0" && *value != "1") {
        log.warn(std::string{"ignoring saved "} + key + " '" + *value + "': not 0 or 1");
        return false;
    }
    out = *value == "1";
    return true;
}

const char* key_of(SettingsField field) {
    switch (field) {
        case kFieldHost:
            return kHost;
        case kFieldPort:
            return kPort;
        case kFieldPath:
            return kPath;
        case kFieldCameraId:
            return kCameraId;
        case kFieldInterval:
            return kInterval;
        case kFieldQuality:
            return kQuality;
        case kFieldToken:
            return kToken;
        case kFieldVflip:
            return kVflip;
        case kFieldHmirror:
            return kHmirror;
    }
    return "";
}

// Empty text is not stored: an absent key means "the default".
Status put(KeyValueStore& store, const char* key, const std::string& value) {
    return value.empty() ? store.erase(key) : store.set(key, value);
}

Status erase_all(KeyValueStore& store, std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
        if (Status s = store.erase(key); !s) return s;
    }
    return store.commit();
}

}  // namespace

Settings SettingsStore::load(const Settings& defaults, LogSink& log) const {
    Settings s = defaults;
    load_text(store_, kWifiSsid, Settings::check_ssid, s.wifi_ssid, log);
    load_text(store_, kWifiPass, Settings::check_password, s.wifi_password, log);
    load_text(store_, kHost, Settings::check_host, s.host, log);
    load_text(store_, kPath, Settings::check_path, s.path, log);
    load_text(store_, kCameraId, Settings::check_camera_id, s.camera_id, log);
    load_text(store_, kToken, Settings::check_token, s.token, log);
    long number = 0;
    if (load_number(store_, kPort, Settings::check_port, number, log))
        s.port = static_cast<std::uint16_t>(number);
    if (load_number(store_, kInterval, Settings::check_frame_interval, number, log))
        s.frame_interval_ms = static_cast<std::uint32_t>(number);
    if (load_number(store_, kQuality, Settings::check_jpeg_quality, number, log))
        s.jpeg_quality = static_cast<int>(number);
    load_flag(store_, kVflip, s.vflip, log);
    load_flag(store_, kHmirror, s.hmirror, log);
    return s;
}

Status SettingsStore::save_wifi(const Settings& settings) {
    if (Status s = put(store_, kWifiSsid, settings.wifi_ssid); !s) return s;
    if (Status s = put(store_, kWifiPass, settings.wifi_password); !s) return s;
    return store_.commit();
}

Status SettingsStore::save_fields(const Settings& settings, SettingsFields fields) {
    const auto flag = [](bool on) { return std::string{on ? "1" : "0"}; };
    for (unsigned bit = 1; bit <= kFieldHmirror; bit <<= 1) {
        if ((fields & bit) == 0) continue;
        const auto field = static_cast<SettingsField>(bit);
        const char* key = key_of(field);
        Status s = Status::success();
        switch (field) {
            case kFieldHost:
                s = put(store_, key, settings.host);
                break;
            case kFieldPort:
                s = store_.set(key, std::to_string(settings.port));
                break;
            case kFieldPath:
                s = put(store_, key, settings.path);
                break;
            case kFieldCameraId:
                s = put(store_, key, settings.camera_id);
                break;
            case kFieldInterval:
                s = store_.set(key, std::to_string(settings.frame_interval_ms));
                break;
            case kFieldQuality:
                s = store_.set(key, std::to_string(settings.jpeg_quality));
                break;
            case kFieldToken:
                s = put(store_, key, settings.token);
                break;
            case kFieldVflip:
                s = store_.set(key, flag(settings.vflip));
                break;
            case kFieldHmirror:
                s = store_.set(key, flag(settings.hmirror));
                break;
        }
        if (!s) return s;
    }
    return store_.commit();
}

Status SettingsStore::clear_wifi() {
    return erase_all(store_, kWifiKeys);
}
Status SettingsStore::clear_stream() {
    return erase_all(store_, kStreamKeys);
}

bool SettingsStore::has_saved_wifi() const {
    return store_.get(kWifiSsid).has_value();
}
bool SettingsStore::has_saved_stream() const {
    return store_.get(kHost).has_value() || store_.get(kPort).has_value();
}
bool SettingsStore::has_saved(SettingsField field) const {
    return store_.get(key_of(field)).has_value();
}

}  // namespace camstream::camera
