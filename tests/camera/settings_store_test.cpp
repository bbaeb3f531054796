#include "camera/core/settings_store.hpp"

#include <gtest/gtest.h>

#include <map>

#include "camera/host/file_key_value_store.hpp"
#include "camera/host/memory_key_value_store.hpp"
#include "camera/host/null_log_sink.hpp"
#include "recording_log_sink.hpp"
#include "temp_dir.hpp"

using namespace camstream::camera;
using camstream::camera::testing::RecordingLogSink;
using camstream::camera::testing::TempDir;

namespace {
Settings configured() {
    Settings s;
    s.wifi_ssid = "My Net";
    s.wifi_password = "secret123";
    s.host = "192.168.1.10";
    s.port = 9000;
    s.camera_id = "porch";
    s.frame_interval_ms = 40;
    s.jpeg_quality = 60;
    s.token = "tok";
    return s;
}
}  // namespace

TEST(SettingsStore, AnEmptyStoreGivesTheDefaults) {
    MemoryKeyValueStore kv;
    SettingsStore store{kv};
    RecordingLogSink log;
    Settings defaults;
    defaults.host = "kconfig-host";
    const Settings s = store.load(defaults, log);
    EXPECT_EQ(s.host, "kconfig-host");
    EXPECT_EQ(s.port, 8080);
    EXPECT_FALSE(store.has_saved_wifi());
    EXPECT_FALSE(store.has_saved_stream());
    EXPECT_TRUE(log.lines.empty());
}

TEST(SettingsStore, SaveThenLoadGivesEverythingBack) {
    MemoryKeyValueStore kv;
    SettingsStore store{kv};
    ASSERT_TRUE(store.save_wifi(configured()).ok());
    ASSERT_TRUE(store.save_stream(configured()).ok());
    EXPECT_GE(kv.commits(), 2);
    EXPECT_TRUE(store.has_saved_wifi());
    EXPECT_TRUE(store.has_saved_stream());
    NullLogSink log;
    const Settings s = store.load(Settings{}, log);
    const Settings want = configured();
    EXPECT_EQ(s.wifi_ssid, want.wifi_ssid);
    EXPECT_EQ(s.wifi_password, want.wifi_password);
    EXPECT_EQ(s.host, want.host);
    EXPECT_EQ(s.port, want.port);
    EXPECT_EQ(s.path, want.path);
    EXPECT_EQ(s.camera_id, want.camera_id);
    EXPECT_EQ(s.frame_interval_ms, want.frame_interval_ms);
    EXPECT_EQ(s.jpeg_quality, want.jpeg_quality);
    EXPECT_EQ(s.token, want.token);
    // Keys fit NVS (at most 15 characters).
    for (const auto& [key, value] : kv.values()) EXPECT_LE(key.size(), 15u) << key;
}

TEST(SettingsStore, GroupsAreSavedAndClearedApart) {
    MemoryKeyValueStore kv;
    SettingsStore store{kv};
    ASSERT_TRUE(store.save_wifi(configured()).ok());
    EXPECT_TRUE(store.has_saved_wifi());
    EXPECT_FALSE(store.has_saved_stream());
    ASSERT_TRUE(store.save_stream(configured()).ok());
    EXPECT_TRUE(store.has_saved_stream());

    ASSERT_TRUE(store.clear_stream().ok());
    EXPECT_FALSE(store.has_saved_stream());
    EXPECT_TRUE(store.has_saved_wifi());
    NullLogSink log;
    EXPECT_EQ(store.load(Settings{}, log).host, "");
    EXPECT_EQ(store.load(Settings{}, log).wifi_ssid, "My Net");

    ASSERT_TRUE(store.clear_wifi().ok());
    EXPECT_FALSE(store.has_saved_wifi());
    EXPECT_TRUE(kv.values().empty());
}

TEST(SettingsStore, SaveFieldsWritesOnlyThoseFields) {
    MemoryKeyValueStore kv;
    SettingsStore store{kv};
    Settings s = configured();
    s.vflip = false;
    ASSERT_TRUE(store.save_fields(s, kFieldPort | kFieldVflip).ok());
    EXPECT_EQ(kv.values(), (std::map<std::string, std::string>{{"port", "9000"}, {"vflip", "0"}}));
    EXPECT_TRUE(store.has_saved(kFieldVflip));
    EXPECT_FALSE(store.has_saved(kFieldHmirror));
    NullLogSink log;
    Settings defaults;
    defaults.jpeg_quality = 55;
    const Settings loaded = store.load(defaults, log);
    EXPECT_EQ(loaded.port, 9000);
    EXPECT_FALSE(loaded.vflip);
    EXPECT_FALSE(loaded.hmirror);
    EXPECT_EQ(loaded.jpeg_quality, 55);  // not saved: still the default's
    // Clearing the stream group leaves the orientation.
    ASSERT_TRUE(store.clear_stream().ok());
    EXPECT_EQ(kv.values(), (std::map<std::string, std::string>{{"vflip", "0"}}));
}

TEST(SettingsStore, BadSavedValuesAreSkippedWithAWarning) {
    MemoryKeyValueStore kv;
    ASSERT_TRUE(kv.set("host", "not a host").ok());
    ASSERT_TRUE(kv.set("port", "0").ok());
    ASSERT_TRUE(kv.set("interval_ms", "fast").ok());
    ASSERT_TRUE(kv.set("jpeg_quality", "70").ok());
    ASSERT_TRUE(kv.set("hmirror", "yes").ok());
    SettingsStore store{kv};
    RecordingLogSink log;
    const Settings s = store.load(Settings{}, log);
    EXPECT_EQ(s.host, "");
    EXPECT_EQ(s.port, 8080);
    EXPECT_EQ(s.frame_interval_ms, 66u);
    EXPECT_EQ(s.jpeg_quality, 70);  // the good one still loads
    EXPECT_TRUE(log.contains(
        "ignoring saved host: host 'not a host' is not a valid host name or IP address"));
    EXPECT_TRUE(log.contains("ignoring saved port: port 0 is out of range (1-65535)"));
    EXPECT_TRUE(log.contains("ignoring saved interval_ms 'fast': not a number"));
    EXPECT_TRUE(log.contains("ignoring saved hmirror 'yes': not 0 or 1"));
    EXPECT_FALSE(s.hmirror);
}

TEST(SettingsStore, PersistsThroughTheFileStore) {
    TempDir dir;
    const std::string path = dir.file("mock-camera.conf");
    {
        FileKeyValueStore file{path};
        ASSERT_TRUE(file.load().ok());
        SettingsStore store{file};
        ASSERT_TRUE(store.save_wifi(configured()).ok());
        ASSERT_TRUE(store.save_stream(configured()).ok());
    }
    {
        FileKeyValueStore file{path};  // a new process, as it were
        ASSERT_TRUE(file.load().ok());
        SettingsStore store{file};
        NullLogSink log;
        const Settings s = store.load(Settings{}, log);
        EXPECT_EQ(s.host, "192.168.1.10");
        EXPECT_EQ(s.port, 9000);
        EXPECT_EQ(s.wifi_ssid, "My Net");
        ASSERT_TRUE(store.clear_stream().ok());
    }
    FileKeyValueStore file{path};
    ASSERT_TRUE(file.load().ok());
    SettingsStore store{file};
    NullLogSink log;
    const Settings s = store.load(Settings{}, log);
    EXPECT_EQ(s.host, "");
    EXPECT_EQ(s.port, 8080);
    EXPECT_EQ(s.wifi_ssid, "My Net");  // the other group stays
}
