#pragma once

#include "camera/core/key_value_store.hpp"
#include "camera/core/log_sink.hpp"
#include "camera/core/settings.hpp"
#include "camera/core/status.hpp"

namespace camstream::camera {

// Settings in a KeyValueStore, in two groups the console saves and clears
// separately: WiFi credentials, and the stream settings (host, port and the
// rest).
//
// Keys (all <= 15 characters for NVS): wifi_ssid, wifi_pass; host, port, path,
// camera_id, interval_ms, jpeg_quality, token. Numbers are decimal text.
class SettingsStore {
public:
    explicit SettingsStore(KeyValueStore& store) : store_{store} {}

    // `defaults` with every saved value laid over it. A saved value that does
    // not validate (an old format, a hand-edited file) is skipped with a
    // warning on `log`: a camera must still boot on its defaults.
    Settings load(const Settings& defaults, LogSink& log) const;

    // Each writes its group from `settings` and commits.
    Status save_wifi(const Settings& settings);
    Status save_stream(const Settings& settings);
    // Each erases its group's keys and commits.
    Status clear_wifi();
    Status clear_stream();

    bool has_saved_wifi() const;
    bool has_saved_stream() const;

private:
    KeyValueStore& store_;
};

}  // namespace camstream::camera
