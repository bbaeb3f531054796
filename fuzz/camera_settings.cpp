// A camera's saved settings as a stranger (a hand-edited file, an old firmware's NVS) may have
// left them: the input is lines of <key byte><value>, each value stored under one of the
// settings keys, then loaded over the defaults. Checked: what loads always validates (a bad
// value is skipped, the camera boots on its defaults), its stream URL parses back to the same
// host, port and camera id, and saving it and loading that gives the same settings.
#include <cstdint>
#include <string>
#include <string_view>

#include "camera/core/settings_store.hpp"
#include "camera/core/websocket_url.hpp"
#include "camera/host/memory_key_value_store.hpp"
#include "camera/host/null_log_sink.hpp"
#include "camera_settings_check.hpp"

using namespace camstream::camera;
using camstream::camera::fuzz::fail;

namespace {
constexpr const char* kKeys[] = {"wifi_ssid", "wifi_pass", "host",        "port",
                                 "path",      "camera_id", "interval_ms", "jpeg_quality",
                                 "token",     "vflip",     "hmirror"};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    MemoryKeyValueStore kv;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == text.npos ? std::string_view{} : text.substr(end + 1);
        if (line.empty()) continue;
        const auto key = kKeys[static_cast<unsigned char>(line[0]) % std::size(kKeys)];
        (void)kv.set(key, std::string(line.substr(1)));
    }

    NullLogSink log;
    const Settings defaults;
    const Settings loaded = SettingsStore(kv).load(defaults, log);
    if (!loaded.validate()) fail("loaded settings do not validate");

    if (!loaded.host.empty()) {
        const std::string url = loaded.stream_url();
        const auto parsed = WebSocketUrl::parse(url);
        if (!parsed) fail("the stream URL of valid settings does not parse");
        if (parsed->host != loaded.host || parsed->port != loaded.port) {
            fail("the stream URL names another host or port");
        }
        const auto id = parsed->camera_id();
        if (id && *id != (loaded.camera_id.empty() ? "default" : loaded.camera_id) &&
            loaded.path == "/ws/camera") {
            fail("the stream URL names another camera");
        }
    }

    MemoryKeyValueStore again;
    SettingsStore store(again);
    if (!store.save_wifi(loaded) ||
        !store.save_fields(loaded, kStreamFields | kOrientationFields)) {
        fail("valid settings do not save");
    }
    if (!fuzz::same(store.load(Settings{}, log), loaded)) fail("saved settings load back changed");
    return 0;
}
