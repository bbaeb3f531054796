// Lines typed into the camera's console (mock-camera --console, the device's USB serial), one
// per input line, run against a camera whose WiFi, board and stream all answer yes. Checked:
// the settings never become invalid, a failed command changes neither the running nor the
// saved settings, and what is saved always loads back valid.
#include <cstdint>
#include <string>
#include <string_view>

#include "camera/core/console.hpp"
#include "camera/core/settings_store.hpp"
#include "camera/host/memory_key_value_store.hpp"
#include "camera/host/null_log_sink.hpp"
#include "camera/host/string_console_output.hpp"
#include "camera_settings_check.hpp"

using namespace camstream::camera;
using camstream::camera::fuzz::fail;

namespace {

class YesStream final : public StreamControl {
public:
    void start(const StreamConfig& config) override {
        status_.enabled = true;
        status_.url = config.url;
        status_.state = StreamState::kConnecting;
    }
    void stop() override {
        status_.enabled = false;
        status_.state = StreamState::kIdle;
    }
    StreamStatus status() const override { return status_; }

private:
    StreamStatus status_;
};

class YesWifi final : public WifiControl {
public:
    Status connect(const std::string&, const std::string&) override { return Status::success(); }
    Status disconnect() override { return Status::success(); }
    Status link(WifiLink& out) override {
        out.state = WifiLink::State::kConnected;
        out.ip = "192.168.1.20";
        out.rssi = -50;
        return Status::success();
    }
    Status scan(std::size_t max, std::vector<WifiNetwork>& out) override {
        out = {{"home net", 6, -40, "WPA2"}, {"", 11, -80, "OPEN"}};
        if (out.size() > max) out.resize(max);
        return Status::success();
    }
};

class YesBoard final : public Board {
public:
    Status set_camera_power(bool) override { return Status::success(); }
    Status describe_camera_power(std::string& out) override {
        out = "IO[18] - output, level=0";
        return Status::success();
    }
    Status psram_status(PsramStatus& out) override {
        out = {true, true, 8u << 20, 7u << 20, 4u << 20, 200000, 100000};
        return Status::success();
    }
    Status set_orientation(bool, bool) override { return Status::success(); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Settings defaults;
    Settings settings;
    MemoryKeyValueStore kv;
    SettingsStore store(kv);
    YesStream stream;
    YesWifi wifi;
    YesBoard board;
    ConsoleContext context{settings, defaults, store, stream, wifi, board, StreamConfig{}};
    Console console(context);
    StringConsoleOutput out;
    NullLogSink log;

    std::string_view text(reinterpret_cast<const char*>(data), size);
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == text.npos ? std::string_view{} : text.substr(end + 1);

        const Settings before = settings;
        const auto saved_before = kv.values();
        const int code = console.execute_line(line, out);
        out.take();
        if (code != 0 && code != 1) fail("an exit code other than 0 or 1");
        if (!settings.validate()) fail("the console left invalid settings");
        if (code == 1 && (!fuzz::same(settings, before) || kv.values() != saved_before)) {
            fail("a failed command changed the settings");
        }
        if (!store.load(defaults, log).validate()) fail("saved settings load invalid");
    }
    return 0;
}
