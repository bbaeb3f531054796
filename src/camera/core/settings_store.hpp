#pragma once

#include "camera/core/key_value_store.hpp"
#include "camera/core/log_sink.hpp"
#include "camera/core/settings.hpp"
#include "camera/core/status.hpp"

namespace camstream::camera {

// Settings fields, as a bit set: what a save writes.
enum SettingsField : unsigned {
    kFieldHost = 1u << 0,
    kFieldPort = 1u << 1,
    kFieldPath = 1u << 2,
    kFieldCameraId = 1u << 3,
    kFieldInterval = 1u << 4,
    kFieldQuality = 1u << 5,
    kFieldToken = 1u << 6,
    kFieldVflip = 1u << 7,
    kFieldHmirror = 1u << 8,
};
using SettingsFields = unsigned;
constexpr SettingsFields kStreamFields = kFieldHost | kFieldPort | kFieldPath | kFieldCameraId |
                                         kFieldInterval | kFieldQuality | kFieldToken;
constexpr SettingsFields kOrientationFields = kFieldVflip | kFieldHmirror;

// Settings in a KeyValueStore, in groups the console saves and clears
// separately: WiFi credentials, the stream settings (host, port and the
// rest), and the sensor's orientation.
//
// A save writes only the fields it is given: a value nobody set stays
// unsaved, so it keeps following the defaults (a new firmware's Kconfig, a
// mock-camera flag) instead of being frozen at what they were on the day of
// the save.
//
// Keys (all <= 15 characters for NVS): wifi_ssid, wifi_pass; host, port, path,
// camera_id, interval_ms, jpeg_quality, token; vflip, hmirror. Numbers are
// decimal text, flags "1" or "0".
class SettingsStore {
public:
    explicit SettingsStore(KeyValueStore& store) : store_{store} {}

    // `defaults` with every saved value laid over it. A saved value that does
    // not validate (an old format, a hand-edited file) is skipped with a
    // warning on `log`: a camera must still boot on its defaults.
    Settings load(const Settings& defaults, LogSink& log) const;

    // Writes both credentials from `settings` and commits.
    Status save_wifi(const Settings& settings);
    // Writes the stream and orientation fields in `fields` from `settings`
    // and commits; the other keys are left as they are.
    Status save_fields(const Settings& settings, SettingsFields fields);
    Status save_stream(const Settings& settings) { return save_fields(settings, kStreamFields); }
    // Each erases its group's keys and commits.
    Status clear_wifi();
    Status clear_stream();

    bool has_saved_wifi() const;
    bool has_saved_stream() const;
    bool has_saved(SettingsField field) const;

private:
    KeyValueStore& store_;
};

}  // namespace camstream::camera
