#pragma once
// What the camera fuzz targets check of Settings: all fields compared, and what is saved
// loads back valid.
#include <cstdio>
#include <cstdlib>

#include "camera/core/settings.hpp"

namespace camstream::camera::fuzz {

[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "camera invariant broken: %s\n", what);
    std::abort();
}

inline bool same(const Settings& a, const Settings& b) {
    return a.wifi_ssid == b.wifi_ssid && a.wifi_password == b.wifi_password && a.host == b.host &&
           a.port == b.port && a.path == b.path && a.camera_id == b.camera_id &&
           a.frame_interval_ms == b.frame_interval_ms && a.jpeg_quality == b.jpeg_quality &&
           a.token == b.token && a.vflip == b.vflip && a.hmirror == b.hmirror;
}

}  // namespace camstream::camera::fuzz
