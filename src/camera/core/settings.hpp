#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "camera/core/status.hpp"
#include "camera/core/stream_config.hpp"

namespace camstream::camera {

// Everything a user configures on a camera. The member initialisers are the
// compile-time defaults on Linux; the firmware builds its defaults from
// Kconfig instead and hands them to SettingsStore::load and CameraApp.
//
// Each check_*() returns a failure whose message is one line saying why
// ("port 0 is out of range (1-65535)"), for the console and the logs.
struct Settings {
    std::string wifi_ssid;      // empty: no network configured
    std::string wifi_password;  // empty: open network
    std::string host;           // empty: nowhere to stream to yet
    std::uint16_t port = 8080;
    std::string path = "/ws/camera";
    std::string camera_id;  // empty: the server files us as "default"
    std::uint32_t frame_interval_ms = 66;
    int jpeg_quality = 80;
    std::string token;  // empty: none; else sent as ?token=...
    // wss:// instead of ws://: TLS, with the server's certificate checked. Set from the
    // build's configuration (Kconfig on the device), not saved by the console.
    bool tls = false;
    // The sensor's orientation registers. The AtomS3R-CAM's GC0308 is mounted
    // so that its picture is upside down unless flipped vertically (M5Stack's
    // own demo sets the same two); not mirrored.
    bool vflip = true;
    bool hmirror = false;

    static constexpr std::uint32_t kMinFrameIntervalMs = 10;
    static constexpr std::uint32_t kMaxFrameIntervalMs = 1000;

    static Status check_ssid(std::string_view ssid);
    static Status check_password(std::string_view password);
    // Host name, IPv4 or IPv6 address (without brackets). Empty fails.
    static Status check_host(std::string_view host);
    static Status check_port(long port);
    static Status check_path(std::string_view path);
    static Status check_camera_id(std::string_view id);
    static Status check_frame_interval(long ms);
    static Status check_jpeg_quality(long quality);
    static Status check_token(std::string_view token);

    // All fields; empty ssid and host are allowed (not configured yet).
    Status validate() const;

    // ws[s]://host:port/path[/id][?token=...]; empty while host is.
    std::string stream_url() const;
    // `base` (the platform's timeouts and backoff) with url and interval from here.
    StreamConfig stream_config(StreamConfig base = {}) const;
};

}  // namespace camstream::camera
