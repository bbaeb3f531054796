#include "camera/core/stream_commands.hpp"

#include <map>

#include "console_fixture.hpp"
#include "recording_log_sink.hpp"

using namespace camstream::camera;
using namespace std::chrono_literals;
using camstream::camera::testing::ConsoleTest;
using camstream::camera::testing::FakeStreamControl;

namespace {
const std::string kUsage =
    "usage:\n"
    "  stream status\n"
    "  stream set host <host> [port] [save]\n"
    "  stream set port <port> [save]\n"
    "  stream start\n"
    "  stream stop\n"
    "  stream clear\n";

// A store whose commits fail, like a full flash.
class FullStore final : public KeyValueStore {
public:
    std::optional<std::string> get(const std::string&) const override { return std::nullopt; }
    Status set(const std::string&, const std::string&) override { return Status::success(); }
    Status erase(const std::string&) override { return Status::success(); }
    Status commit() override { return Status::failure("no space left"); }
};
}  // namespace

using StreamCommandsTest = ConsoleTest;

TEST_F(StreamCommandsTest, NoSubcommandPrintsUsage) {
    EXPECT_EQ(run("stream"), 1);
    EXPECT_EQ(output, kUsage);
}

TEST_F(StreamCommandsTest, StatusBeforeAnythingIsSet) {
    EXPECT_EQ(run("stream status"), 0);
    EXPECT_EQ(
        output,
        "host=- port=8080 saved=no runtime=no streaming=off ws=down\n"
        "state=idle url=- interval=66ms quality=80\n"
        "frames sent=0 dropped=0 capture_failures=0 connects=0 failed_connects=0 disconnects=0\n");
}

TEST_F(StreamCommandsTest, StatusWhileStreaming) {
    ASSERT_EQ(run("stream set host 10.0.0.2 save"), 0);
    ASSERT_EQ(run("stream start"), 0);
    stream.current.state = StreamState::kStreaming;
    stream.current.counters = {120, 2'000'000, 3, 1, 2, 4, 1};
    EXPECT_EQ(run("stream status"), 0);
    EXPECT_EQ(output,
              "host=10.0.0.2 port=8080 saved=yes runtime=yes streaming=on ws=up\n"
              "state=streaming url=ws://10.0.0.2:8080/ws/camera interval=66ms quality=80\n"
              "frames sent=120 dropped=3 capture_failures=1 connects=2 failed_connects=4 "
              "disconnects=1\n");
    stream.current.state = StreamState::kBackingOff;
    stream.current.last_error = "cannot connect to 10.0.0.2:8080: Connection refused";
    EXPECT_EQ(run("stream status"), 0);
    EXPECT_NE(output.find("streaming=on ws=down\nstate=backing-off "), std::string::npos) << output;
    EXPECT_NE(output.find("\nlast error: cannot connect to 10.0.0.2:8080: Connection refused\n"),
              std::string::npos);
}

// The diary's session: set the host, set and save the port, start.
TEST_F(StreamCommandsTest, TheDiarySession) {
    EXPECT_EQ(run("stream set host 127.0.0.1"), 0);
    EXPECT_EQ(output, "stream target set (host=127.0.0.1 port=8080)\n");
    EXPECT_EQ(settings.host, "127.0.0.1");
    EXPECT_FALSE(store.has_saved_stream());
    EXPECT_TRUE(stream.starts.empty());  // setting a target does not start streaming

    EXPECT_EQ(run("stream set port 8080 save"), 0);
    EXPECT_EQ(output, "stream port set (port=8080, saved)\n");
    // Saving saves what was set since the last save, the host included.
    EXPECT_EQ(kv.get("host"), "127.0.0.1");
    EXPECT_EQ(kv.get("port"), "8080");

    EXPECT_EQ(run("stream start"), 0);
    EXPECT_EQ(output, "stream start requested\n");
    ASSERT_EQ(stream.starts.size(), 1u);
    EXPECT_EQ(stream.starts[0].url, "ws://127.0.0.1:8080/ws/camera");
    EXPECT_EQ(stream.starts[0].frame_interval, 66ms);
}

TEST_F(StreamCommandsTest, SetHostWithPortAndSave) {
    EXPECT_EQ(run("stream set host cam.local 9000 save"), 0);
    EXPECT_EQ(output, "stream target set (host=cam.local port=9000, saved)\n");
    EXPECT_EQ(settings.port, 9000);
    EXPECT_EQ(kv.get("port"), "9000");
    EXPECT_EQ(run("stream set host ::1 --save"), 0);  // --save too, as the seed took
    EXPECT_EQ(output, "stream target set (host=::1 port=9000, saved)\n");
}

// What the console did not set is not saved: it keeps following the defaults,
// so a firmware built with new Kconfig values (interval, quality, camera id)
// still uses them after `stream set host ... save`.
TEST_F(StreamCommandsTest, SaveStoresOnlyWhatWasSet) {
    EXPECT_EQ(run("stream set host 10.0.0.2 save"), 0);
    EXPECT_EQ(kv.values(), (std::map<std::string, std::string>{{"host", "10.0.0.2"}}));

    Settings new_firmware;
    new_firmware.camera_id = "porch";
    new_firmware.port = 9000;
    new_firmware.frame_interval_ms = 125;
    new_firmware.jpeg_quality = 60;
    new_firmware.path = "/cams";
    new_firmware.token = "t0k";
    camstream::camera::testing::RecordingLogSink log;
    const Settings booted = store.load(new_firmware, log);
    EXPECT_EQ(booted.host, "10.0.0.2");
    EXPECT_EQ(booted.port, 9000);
    EXPECT_EQ(booted.camera_id, "porch");
    EXPECT_EQ(booted.frame_interval_ms, 125u);
    EXPECT_EQ(booted.jpeg_quality, 60);
    EXPECT_EQ(booted.path, "/cams");
    EXPECT_EQ(booted.token, "t0k");

    // A port given with the host is set, so saved.
    EXPECT_EQ(run("stream set host 10.0.0.3 8081 save"), 0);
    EXPECT_EQ(kv.get("port"), "8081");
    // Once saved, a value is not written again by a later save of something else.
    ASSERT_TRUE(kv.set("port", "7000").ok());
    EXPECT_EQ(run("stream set host 10.0.0.4 save"), 0);
    EXPECT_EQ(kv.get("port"), "7000");
}

TEST_F(StreamCommandsTest, ANewTargetTakesOverARunningStream) {
    ASSERT_EQ(run("stream set host 10.0.0.2"), 0);
    ASSERT_EQ(run("stream start"), 0);
    EXPECT_EQ(run("stream set host 10.0.0.3"), 0);
    ASSERT_EQ(stream.starts.size(), 2u);
    EXPECT_EQ(stream.starts[1].url, "ws://10.0.0.3:8080/ws/camera");
    EXPECT_EQ(run("stream set port 9000"), 0);
    ASSERT_EQ(stream.starts.size(), 3u);
    EXPECT_EQ(stream.starts[2].url, "ws://10.0.0.3:9000/ws/camera");
}

TEST_F(StreamCommandsTest, StartNeedsAHost) {
    EXPECT_EQ(run("stream start"), 1);
    EXPECT_EQ(output, "stream start: no host set; use stream set host <host> first\n");
    EXPECT_TRUE(stream.starts.empty());
}

TEST_F(StreamCommandsTest, StartUsesThePlatformTuning) {
    context.stream_base.send_timeout = 5s;
    settings.host = "h";
    ASSERT_EQ(run("stream start"), 0);
    EXPECT_EQ(stream.starts.at(0).send_timeout, 5s);
}

TEST_F(StreamCommandsTest, Stop) {
    EXPECT_EQ(run("stream stop"), 0);
    EXPECT_EQ(output, "stream stopped\n");
    EXPECT_EQ(stream.stops, 1);
}

TEST_F(StreamCommandsTest, ClearForgetsTheSavedTargetAndStops) {
    ASSERT_EQ(run("stream set host 10.0.0.2 9000 save"), 0);
    ASSERT_EQ(run("stream start"), 0);
    EXPECT_EQ(run("stream clear"), 0);
    EXPECT_EQ(output, "cleared saved stream target\nstream stopped\n");
    EXPECT_EQ(settings.host, "");
    EXPECT_EQ(settings.port, 8080);
    EXPECT_FALSE(store.has_saved_stream());
    EXPECT_EQ(stream.stops, 1);
    EXPECT_EQ(run("stream clear"), 0);
    EXPECT_EQ(output, "cleared saved stream target\n");
}

TEST_F(StreamCommandsTest, BadArgumentsPrintWhyAndUsageAndChangeNothing) {
    ASSERT_EQ(run("stream set host 10.0.0.2 9000 save"), 0);
    ASSERT_EQ(run("stream start"), 0);
    const std::pair<std::string, std::string> cases[] = {
        {"stream set", "stream set: expected 'host' or 'port'"},
        {"stream set hots 1.2.3.4", "stream set: expected 'host' or 'port'"},
        {"stream set host", "stream set: missing host"},
        {R"(stream set host "bad host")",
         "stream set: host 'bad host' is not a valid host name or IP address"},
        {"stream set host 300.1.2.3",
         "stream set: host '300.1.2.3' is not a valid host name or IP address"},
        {"stream set host 1.2.3.4 0", "stream set: invalid port: 0 (1-65535)"},
        {"stream set host 1.2.3.4 http", "stream set: invalid port: http (1-65535)"},
        {"stream set host 1.2.3.4 80 save extra", "stream set: unexpected argument 'extra'"},
        {"stream set host 1.2.3.4 save 80", "stream set: unexpected argument '80'"},
        {"stream set host 1.2.3.4 80 81", "stream set: unexpected argument '81'"},
        {"stream set port", "stream set: missing port"},
        {"stream set port 65536", "stream set port: invalid port: 65536 (1-65535)"},
        {"stream set port -1", "stream set port: invalid port: -1 (1-65535)"},
        {"stream set port 80 now", "stream set: unexpected argument 'now'"},
        {"stream status all", "stream status: unexpected argument 'all'"},
        {"stream start now", "stream start: unexpected argument 'now'"},
        {"stream stop now", "stream stop: unexpected argument 'now'"},
        {"stream clear all", "stream clear: unexpected argument 'all'"},
        {"stream restart", "stream: unknown subcommand 'restart'"},
    };
    for (const auto& [line, why] : cases) {
        expect_rejected_unchanged(line);
        EXPECT_EQ(output, why + "\n" + kUsage) << line;
    }
    EXPECT_EQ(settings.host, "10.0.0.2");
    EXPECT_EQ(settings.port, 9000);
}

TEST_F(StreamCommandsTest, AFailedSaveIsReported) {
    FullStore full;
    SettingsStore full_store{full};
    ConsoleContext c{settings, defaults, full_store, stream, wifi, board, StreamConfig{}};
    Console on_full_flash{c};
    StringConsoleOutput o;
    EXPECT_EQ(on_full_flash.execute_line("stream set host h save", o), 1);
    EXPECT_EQ(o.take(), "stream target set (host=h port=8080) but not saved: no space left\n");
    EXPECT_EQ(settings.host, "h");  // it still applies for this session
    EXPECT_EQ(on_full_flash.execute_line("wifi set Home secret123 save", o), 1);
    EXPECT_EQ(o.take(), "credentials set (ssid=Home) but not saved: no space left\n");
}
