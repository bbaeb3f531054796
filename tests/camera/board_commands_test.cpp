#include "camera/core/cam_commands.hpp"
#include "camera/core/psram_commands.hpp"
#include "camera/host/null_log_sink.hpp"
#include "console_fixture.hpp"

#include <map>

using namespace camstream::camera;
using camstream::camera::testing::ConsoleTest;

namespace {
const std::string kCamUsage =
    "usage:\n  cam power <0|1>  (1=on, 0=off)\n  cam dump\n"
    "  cam flip <on|off> [save]    (vertical)\n  cam mirror <on|off> [save]  (horizontal)\n";
const std::string kPsramUsage = "usage:\n  psram status\n";
}  // namespace

using BoardCommandsTest = ConsoleTest;

TEST_F(BoardCommandsTest, CamPower) {
    EXPECT_EQ(run("cam power 1"), 0);
    EXPECT_EQ(output, "camera power set to 1\n");
    EXPECT_TRUE(board.power);
    EXPECT_EQ(run("cam power 0"), 0);
    EXPECT_EQ(output, "camera power set to 0\n");
    EXPECT_FALSE(board.power);
}

TEST_F(BoardCommandsTest, CamDumpPrintsTheBoardsReport) {
    EXPECT_EQ(run("cam dump"), 0);
    EXPECT_EQ(output,
              "IO[18] - output, level=1\ncamera power gpio=18 requested=0\n"
              "orientation flip=on mirror=off\n");
}

// The AtomS3R-CAM's picture is upright with the sensor flipped vertically and
// not mirrored: that is what a camera does before anyone types a command.
TEST(CameraOrientation, TheDefaultIsFlippedAndNotMirrored) {
    const Settings defaults;
    EXPECT_TRUE(defaults.vflip);
    EXPECT_FALSE(defaults.hmirror);
}

TEST_F(BoardCommandsTest, CamFlipAndMirrorTurnTheSensorAtOnce) {
    EXPECT_EQ(run("cam flip off"), 0);
    EXPECT_EQ(output, "camera flip set to off\n");
    EXPECT_EQ(run("cam mirror on"), 0);
    EXPECT_EQ(output, "camera mirror set to on\n");
    // Each call carries both: the platform sets the sensor as a whole.
    EXPECT_EQ(board.orientations,
              (std::vector<std::pair<bool, bool>>{{false, false}, {false, true}}));
    EXPECT_FALSE(settings.vflip);
    EXPECT_TRUE(settings.hmirror);
    EXPECT_TRUE(kv.values().empty());  // not saved without save
    EXPECT_EQ(run("cam dump"), 0);
    EXPECT_NE(output.find("orientation flip=off mirror=on\n"), std::string::npos) << output;
}

TEST_F(BoardCommandsTest, CamFlipSaveSurvivesARestartAndSavesOnlyThatField) {
    EXPECT_EQ(run("cam flip off save"), 0);
    EXPECT_EQ(output, "camera flip set to off (saved)\n");
    EXPECT_EQ(kv.values(), (std::map<std::string, std::string>{{"vflip", "0"}}));
    EXPECT_EQ(run("cam mirror on --save"), 0);
    EXPECT_EQ(kv.get("hmirror"), "1");
    NullLogSink log;
    const Settings booted = store.load(Settings{}, log);
    EXPECT_FALSE(booted.vflip);
    EXPECT_TRUE(booted.hmirror);
}

TEST_F(BoardCommandsTest, CamOrientationBadArgumentsChangeNothing) {
    const std::pair<std::string, std::string> cases[] = {
        {"cam flip", "cam flip: missing on or off"},
        {"cam flip 1", "cam flip: expected on or off, not '1'"},
        {"cam mirror yes", "cam mirror: expected on or off, not 'yes'"},
        {"cam flip on now", "cam flip: unexpected argument 'now'"},
        {"cam mirror off save extra", "cam mirror: unexpected argument 'extra'"},
    };
    for (const auto& [line, why] : cases) {
        EXPECT_EQ(run(line), 1) << line;
        EXPECT_EQ(output, why + "\n" + kCamUsage) << line;
    }
    EXPECT_TRUE(board.orientations.empty());
    EXPECT_TRUE(settings.vflip);
    EXPECT_FALSE(settings.hmirror);
    EXPECT_TRUE(kv.values().empty());
}

TEST_F(BoardCommandsTest, CamBadArguments) {
    const std::pair<std::string, std::string> cases[] = {
        {"cam power", "cam power: missing 0 or 1"},
        {"cam power 2", "cam power: expected 0 or 1"},
        {"cam power on", "cam power: expected 0 or 1"},
        {"cam power 1 2", "cam power: unexpected argument '2'"},
        {"cam dump all", "cam dump: unexpected argument 'all'"},
        {"cam zap", "cam: unknown subcommand 'zap'"},
    };
    for (const auto& [line, why] : cases) {
        EXPECT_EQ(run(line), 1) << line;
        EXPECT_EQ(output, why + "\n" + kCamUsage) << line;
    }
    EXPECT_EQ(run("cam"), 1);
    EXPECT_EQ(output, kCamUsage);
    EXPECT_EQ(board.power_calls, 0);
}

TEST_F(BoardCommandsTest, PsramStatus) {
    board.psram = {true, true, 8388608, 8000000, 7000000, 200000, 100000};
    EXPECT_EQ(run("psram status"), 0);
    EXPECT_EQ(output,
              "psram init=yes size=8388608 free=8000000 largest=7000000 internal_free=200000 "
              "internal_largest=100000\n");
    board.psram = {};
    EXPECT_EQ(run("psram status"), 0);
    EXPECT_EQ(output, "psram disabled (not enabled in this build)\n");
}

TEST_F(BoardCommandsTest, PsramBadArguments) {
    EXPECT_EQ(run("psram"), 1);
    EXPECT_EQ(output, kPsramUsage);
    EXPECT_EQ(run("psram stat"), 1);
    EXPECT_EQ(output, "psram: unknown subcommand 'stat'\n" + kPsramUsage);
    EXPECT_EQ(run("psram status now"), 1);
    EXPECT_EQ(output, "psram status: unexpected argument 'now'\n" + kPsramUsage);
}

TEST_F(BoardCommandsTest, OnMockCameraTheySaySoPlainly) {
    EXPECT_EQ(run_mock("cam power 1"), 1);
    EXPECT_EQ(output, "cam power: not available on mock-camera (no camera hardware)\n");
    EXPECT_EQ(run_mock("cam dump"), 1);
    EXPECT_EQ(output, "cam dump: not available on mock-camera (no camera hardware)\n");
    // No sensor to turn: the setting stays as it was, and is not saved.
    EXPECT_EQ(run_mock("cam flip off save"), 1);
    EXPECT_EQ(output, "cam flip: not available on mock-camera (no camera hardware)\n");
    EXPECT_TRUE(settings.vflip);
    EXPECT_TRUE(kv.values().empty());
    EXPECT_EQ(run_mock("psram status"), 1);
    EXPECT_EQ(output, "psram status: not available on mock-camera (a PC has no PSRAM)\n");
    // Bad arguments are caught before the platform is asked, identically.
    EXPECT_EQ(run_mock("cam power 2"), 1);
    EXPECT_EQ(output, "cam power: expected 0 or 1\n" + kCamUsage);
}
