#include "camera/core/camera_app.hpp"

#include <utility>

namespace camstream::camera {

CameraApp::CameraApp(const Settings& settings, const Settings& defaults, SettingsStore& store,
                     Platform platform, StreamConfig stream_base)
    : settings_{settings},
      defaults_{defaults},
      platform_{platform},
      context_{settings_,
               defaults_,
               store,
               platform.stream,
               platform.wifi,
               platform.board,
               std::move(stream_base)},
      console_{context_} {}

void CameraApp::boot() {
    LogSink& log = platform_.log;
    if (!settings_.wifi_ssid.empty()) {
        if (Status joined = platform_.wifi.connect(settings_.wifi_ssid, settings_.wifi_password);
            joined)
            log.info("wifi: joining '" + settings_.wifi_ssid + "'");
        else
            log.info("wifi: " + joined.message());
    }
    if (settings_.host.empty()) {
        log.info("no stream host set; use: stream set host <host> [port] save, then stream start");
        return;
    }
    platform_.stream.start(settings_.stream_config(context_.stream_base));
}

}  // namespace camstream::camera
