#pragma once

#include "camera/core/board.hpp"
#include "camera/core/console.hpp"
#include "camera/core/console_context.hpp"
#include "camera/core/log_sink.hpp"
#include "camera/core/settings.hpp"
#include "camera/core/settings_store.hpp"
#include "camera/core/stream_config.hpp"
#include "camera/core/stream_control.hpp"
#include "camera/core/wifi_control.hpp"

namespace camstream::camera {

// The camera as both platforms boot it: the running settings, the console
// that changes them, and what happens at power-on. The platform builds the
// parts, then:
//
//     SettingsStore store{nvs_or_file};
//     Settings settings = store.load(defaults, log);   // saved over defaults
//     ... frame source, transport, StreamLoop (run() on its own task) ...
//     CameraApp app{settings, defaults, store, {loop, wifi, board, log}, base};
//     app.boot();
//     ... feed console lines to app.console() ...
//
// boot() joins the saved WiFi network and, when a host is configured, starts
// streaming at once: a camera that loses power comes back streaming without
// anyone typing `stream start`. `stream stop` lasts until the next boot.
class CameraApp {
public:
    struct Platform {
        StreamControl& stream;
        WifiControl& wifi;
        Board& board;
        LogSink& log;
    };

    CameraApp(const Settings& settings, const Settings& defaults, SettingsStore& store,
              Platform platform, StreamConfig stream_base = {});
    CameraApp(const CameraApp&) = delete;
    CameraApp& operator=(const CameraApp&) = delete;

    void boot();

    Console& console() { return console_; }
    // The running settings; the console thread changes them.
    const Settings& settings() const { return settings_; }

private:
    Settings settings_;
    Settings defaults_;
    Platform platform_;
    ConsoleContext context_;
    Console console_;
};

}  // namespace camstream::camera
