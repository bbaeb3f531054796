#include "kconfig_settings.hpp"

#include <cstdint>
#include <string>
#include <string_view>

#include "esp_log.h"
#include "sdkconfig.h"

namespace camstream::firmware {
namespace {

constexpr const char* kTag = "config";

// Takes `value` into `field` if `check` accepts it.
template <typename Check>
void take(std::string& field, const char* value, Check check, const char* option) {
    if (const camera::Status ok = check(value); !ok) {
        ESP_LOGE(kTag, "CONFIG_%s ignored: %s", option, ok.message().c_str());
        return;
    }
    field = value;
}

}  // namespace

camera::Settings kconfig_default_settings() {
    using camera::Settings;
    Settings s;  // the core's defaults, then Kconfig's values over them
    if (!std::string_view{CONFIG_CAMSTREAM_WIFI_SSID}.empty()) {
        take(s.wifi_ssid, CONFIG_CAMSTREAM_WIFI_SSID, Settings::check_ssid, "CAMSTREAM_WIFI_SSID");
        take(s.wifi_password, CONFIG_CAMSTREAM_WIFI_PASSWORD, Settings::check_password,
             "CAMSTREAM_WIFI_PASSWORD");
    }
    if (!std::string_view{CONFIG_CAMSTREAM_STREAM_HOST}.empty())
        take(s.host, CONFIG_CAMSTREAM_STREAM_HOST, Settings::check_host, "CAMSTREAM_STREAM_HOST");
    take(s.path, CONFIG_CAMSTREAM_STREAM_PATH, Settings::check_path, "CAMSTREAM_STREAM_PATH");
    take(s.camera_id, CONFIG_CAMSTREAM_CAMERA_ID, Settings::check_camera_id,
         "CAMSTREAM_CAMERA_ID");
    take(s.token, CONFIG_CAMSTREAM_TOKEN, Settings::check_token, "CAMSTREAM_TOKEN");
    // Kconfig's ranges already hold these to the core's limits.
    s.port = static_cast<std::uint16_t>(CONFIG_CAMSTREAM_STREAM_PORT);
#if CONFIG_CAMSTREAM_STREAM_TLS
    s.tls = true;
#endif
    s.frame_interval_ms = CONFIG_CAMSTREAM_FRAME_INTERVAL_MS;
    s.jpeg_quality = CONFIG_CAMSTREAM_JPEG_QUALITY;
    return s;
}

framesize_t kconfig_frame_size() {
#if CONFIG_CAMSTREAM_FRAME_SIZE_QQVGA
    return FRAMESIZE_QQVGA;
#elif CONFIG_CAMSTREAM_FRAME_SIZE_VGA
    return FRAMESIZE_VGA;
#else
    return FRAMESIZE_QVGA;
#endif
}

}  // namespace camstream::firmware
