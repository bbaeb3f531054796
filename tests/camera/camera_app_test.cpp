#include "camera/core/camera_app.hpp"

#include <gtest/gtest.h>

#include "camera/host/memory_key_value_store.hpp"
#include "camera/host/mock_board.hpp"
#include "camera/host/mock_wifi_control.hpp"
#include "console_fixture.hpp"
#include "recording_log_sink.hpp"

using namespace camstream::camera;
using namespace std::chrono_literals;
using camstream::camera::testing::FakeStreamControl;
using camstream::camera::testing::FakeWifi;
using camstream::camera::testing::RecordingLogSink;

namespace {
class CameraAppTest : public ::testing::Test {
protected:
    // Boots a camera on what is saved in `kv`, as at power-on.
    CameraApp& boot(WifiControl& wifi) {
        const Settings settings = store.load(defaults, log);
        app_ = std::make_unique<CameraApp>(settings, defaults, store,
                                           CameraApp::Platform{stream, wifi, board, log});
        app_->boot();
        return *app_;
    }

    Settings defaults;
    MemoryKeyValueStore kv;
    SettingsStore store{kv};
    FakeStreamControl stream;
    MockBoard board;
    RecordingLogSink log;
    std::unique_ptr<CameraApp> app_;
};
}  // namespace

TEST_F(CameraAppTest, WithASavedHostItStreamsRightAfterBoot) {
    Settings saved;
    saved.host = "10.0.0.5";
    saved.port = 9000;
    saved.camera_id = "porch";
    saved.frame_interval_ms = 100;
    ASSERT_TRUE(store.save_stream(saved).ok());
    MockWifiControl wifi;
    boot(wifi);
    ASSERT_EQ(stream.starts.size(), 1u);
    EXPECT_EQ(stream.starts[0].url, "ws://10.0.0.5:9000/ws/camera/porch");
    EXPECT_EQ(stream.starts[0].frame_interval, 100ms);
}

TEST_F(CameraAppTest, WithoutAHostItWaitsForTheConsole) {
    MockWifiControl wifi;
    CameraApp& app = boot(wifi);
    EXPECT_TRUE(stream.starts.empty());
    EXPECT_TRUE(log.contains("no stream host set"));
    StringConsoleOutput out;
    EXPECT_EQ(app.console().execute_line("stream set host 10.0.0.9", out), 0);
    EXPECT_EQ(app.settings().host, "10.0.0.9");
    EXPECT_EQ(app.console().execute_line("stream start", out), 0);
    EXPECT_EQ(stream.starts.at(0).url, "ws://10.0.0.9:8080/ws/camera");
}

TEST_F(CameraAppTest, CompileTimeDefaultsApplyUntilSomethingIsSaved) {
    defaults.host = "kconfig.local";
    MockWifiControl wifi;
    boot(wifi);
    EXPECT_EQ(stream.starts.at(0).url, "ws://kconfig.local:8080/ws/camera");
}

TEST_F(CameraAppTest, ItJoinsTheSavedWifiNetwork) {
    Settings saved;
    saved.wifi_ssid = "Home";
    saved.wifi_password = "secret123";
    ASSERT_TRUE(store.save_wifi(saved).ok());
    FakeWifi wifi;
    boot(wifi);
    EXPECT_EQ(wifi.connects, std::vector<std::string>{"Home/secret123"});
    EXPECT_TRUE(log.contains("wifi: joining 'Home'"));
}

TEST_F(CameraAppTest, OnMockCameraSavedWifiIsOnlyMentioned) {
    Settings saved;
    saved.wifi_ssid = "Home";
    ASSERT_TRUE(store.save_wifi(saved).ok());
    MockWifiControl wifi;
    boot(wifi);
    EXPECT_TRUE(log.contains("wifi: not available on mock-camera"));
}
