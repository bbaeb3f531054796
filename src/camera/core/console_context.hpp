#pragma once

#include "camera/core/board.hpp"
#include "camera/core/settings.hpp"
#include "camera/core/settings_store.hpp"
#include "camera/core/stream_config.hpp"
#include "camera/core/stream_control.hpp"
#include "camera/core/wifi_control.hpp"

namespace camstream::camera {

// What console commands act on. CameraApp owns the settings and builds this;
// the console's thread is the only one that changes `settings`.
struct ConsoleContext {
    Settings& settings;        // what runs now ("runtime" in `status`)
    const Settings& defaults;  // what `clear` goes back to
    SettingsStore& store;      // what survives a restart ("saved")
    StreamControl& stream;
    WifiControl& wifi;
    Board& board;
    StreamConfig stream_base;  // the platform's timeouts and backoff for `stream start`
};

}  // namespace camstream::camera
