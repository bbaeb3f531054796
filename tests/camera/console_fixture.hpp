#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "camera/core/board.hpp"
#include "camera/core/console.hpp"
#include "camera/core/settings_store.hpp"
#include "camera/core/stream_control.hpp"
#include "camera/core/wifi_control.hpp"
#include "camera/host/memory_key_value_store.hpp"
#include "camera/host/mock_board.hpp"
#include "camera/host/mock_wifi_control.hpp"
#include "camera/host/string_console_output.hpp"

namespace camstream::camera::testing {

// Records what the console asked of the stream; status() reflects it.
class FakeStreamControl final : public StreamControl {
public:
    void start(const StreamConfig& config) override {
        starts.push_back(config);
        current.enabled = true;
        current.url = config.url;
        current.state = StreamState::kConnecting;
    }
    void stop() override {
        ++stops;
        current.enabled = false;
        current.state = StreamState::kIdle;
    }
    StreamStatus status() const override { return current; }

    std::vector<StreamConfig> starts;
    int stops = 0;
    StreamStatus current;
};

// A WiFi station like the device's: everything works.
class FakeWifi final : public WifiControl {
public:
    Status connect(const std::string& ssid, const std::string& password) override {
        connects.push_back(ssid + "/" + password);
        return Status::success();
    }
    Status disconnect() override {
        ++disconnects;
        return Status::success();
    }
    Status link(WifiLink& out) override {
        out = current;
        return Status::success();
    }
    Status scan(std::size_t max, std::vector<WifiNetwork>& out) override {
        last_scan_max = max;
        out = networks;
        return Status::success();
    }

    std::vector<std::string> connects;
    int disconnects = 0;
    WifiLink current;
    std::vector<WifiNetwork> networks;
    std::size_t last_scan_max = 0;
};

// A board like the AtomS3R-CAM: camera power pin and PSRAM.
class FakeBoard final : public Board {
public:
    Status set_camera_power(bool on) override {
        power = on;
        ++power_calls;
        return Status::success();
    }
    Status describe_camera_power(std::string& out) override {
        out = "IO[18] - output, level=" + std::string{power ? "0" : "1"} +
              "\ncamera power gpio=18 requested=" + (power ? "1" : "0");
        return Status::success();
    }
    Status psram_status(PsramStatus& out) override {
        out = psram;
        return Status::success();
    }

    Status set_orientation(bool flip, bool mirror) override {
        orientations.push_back({flip, mirror});
        return Status::success();
    }

    bool power = false;
    int power_calls = 0;
    std::vector<std::pair<bool, bool>> orientations;  // (vflip, hmirror) per call
    PsramStatus psram;
};

// A console wired to fakes (device-like by default; use_mock_platform() for
// mock-camera's "not available" pieces). run() returns the exit code and
// keeps the printed text in `output`.
class ConsoleTest : public ::testing::Test {
protected:
    int run(const std::string& line) {
        out.take();
        const int code = console.execute_line(line, out);
        output = out.text();
        return code;
    }
    // Runs a line that must fail without touching anything.
    void expect_rejected_unchanged(const std::string& line) {
        const Settings before = settings;
        const auto kv_before = kv.values();
        const auto starts = stream.starts.size();
        const int stops = stream.stops;
        EXPECT_EQ(run(line), 1) << line;
        EXPECT_NE(output.find("usage:\n"), std::string::npos) << line << "\n" << output;
        EXPECT_EQ(settings.host, before.host) << line;
        EXPECT_EQ(settings.port, before.port) << line;
        EXPECT_EQ(settings.wifi_ssid, before.wifi_ssid) << line;
        EXPECT_EQ(settings.wifi_password, before.wifi_password) << line;
        EXPECT_EQ(kv.values(), kv_before) << line;
        EXPECT_EQ(stream.starts.size(), starts) << line;
        EXPECT_EQ(stream.stops, stops) << line;
    }

    Settings defaults;
    Settings settings;
    MemoryKeyValueStore kv;
    SettingsStore store{kv};
    FakeStreamControl stream;
    FakeWifi wifi;
    FakeBoard board;
    MockWifiControl mock_wifi;
    MockBoard mock_board;
    ConsoleContext context{settings, defaults, store, stream, wifi, board, StreamConfig{}};
    ConsoleContext mock_context{settings,  defaults,   store,         stream,
                                mock_wifi, mock_board, StreamConfig{}};
    Console console{context};
    Console mock_console{mock_context};
    StringConsoleOutput out;
    std::string output;

    int run_mock(const std::string& line) {
        out.take();
        const int code = mock_console.execute_line(line, out);
        output = out.text();
        return code;
    }
};

}  // namespace camstream::camera::testing
