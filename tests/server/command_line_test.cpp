#include "server/command_line.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace camstream::server {
namespace {

namespace fs = std::filesystem;

class CommandLineTest : public ::testing::Test {
protected:
    CommandLineTest() {
        dir_ = fs::temp_directory_path() / ("camstream-cli-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    ~CommandLineTest() override { fs::remove_all(dir_); }

    std::string write(const std::string& text) {
        const auto path = dir_ / ("config-" + std::to_string(files_++) + ".toml");
        std::ofstream(path) << text;
        return path.string();
    }

    // Parses the words as the command line; the error text, if any, lands in `errors_`.
    ParsedCommandLine parse(std::vector<std::string> words) {
        words.insert(words.begin(), "camstream-server");
        std::vector<const char*> argv;
        for (const auto& w : words) argv.push_back(w.c_str());
        testing::internal::CaptureStderr();
        testing::internal::CaptureStdout();
        auto result = parse_command_line(static_cast<int>(argv.size()), argv.data(), "/web");
        errors_ = testing::internal::GetCapturedStderr() + testing::internal::GetCapturedStdout();
        return result;
    }

    fs::path dir_;
    int files_ = 0;
    std::string errors_;
};

TEST_F(CommandLineTest, NoFlagsGiveTheDefaults) {
    auto parsed = parse({});
    ASSERT_TRUE(parsed.settings);
    EXPECT_EQ(parsed.settings->config.http_port, 8080);
    EXPECT_EQ(parsed.settings->config.web_root, "/web");
    EXPECT_FALSE(parsed.settings->check_only);
}

TEST_F(CommandLineTest, TheFileSetsValuesThroughSectionsAndFlagNames) {
    const auto path = write(R"(port = 9090
web-root = ")" + dir_.string() + R"("
[hls]
segment = 2.0
[encoder]
preset = "veryfast"
no-pacing = true
)");
    auto parsed = parse({"--config", path});
    ASSERT_TRUE(parsed.settings) << errors_;
    const auto& config = parsed.settings->config;
    EXPECT_EQ(config.http_port, 9090);
    EXPECT_EQ(config.web_root, dir_.string());
    EXPECT_EQ(config.hls.segment_target, std::chrono::milliseconds(2000));
    EXPECT_EQ(config.stream.encoder.preset, "veryfast");
    EXPECT_EQ(config.stream.idle_fps, 0);  // no-pacing
    EXPECT_EQ(parsed.settings->config_path, path);
}

TEST_F(CommandLineTest, FlagsOnTheCommandLineWinOverTheFile) {
    const auto path = write("port = 9090\npreset = \"veryfast\"\n");
    auto parsed = parse({"--port", "7070", "--config", path});
    ASSERT_TRUE(parsed.settings) << errors_;
    EXPECT_EQ(parsed.settings->config.http_port, 7070);
    EXPECT_EQ(parsed.settings->config.stream.encoder.preset, "veryfast");
}

TEST_F(CommandLineTest, AnUnknownKeyIsAnErrorNamingItsLine) {
    const auto path = write("port = 9090\n\nbogus = 3\n");
    auto parsed = parse({"--config", path});
    EXPECT_FALSE(parsed.settings);
    EXPECT_EQ(parsed.exit_code, 2);
    EXPECT_NE(errors_.find(path + ":3: unknown setting 'bogus'"), std::string::npos) << errors_;
}

TEST_F(CommandLineTest, ABadValueIsAnErrorNamingItsLineAndWhy) {
    const auto path = write("[hls]\npart = 0.001\n");
    auto parsed = parse({"--config", path});
    EXPECT_FALSE(parsed.settings);
    EXPECT_NE(errors_.find(path + ":2: hls.part"), std::string::npos) << errors_;
    EXPECT_NE(errors_.find("not in range"), std::string::npos) << errors_;
}

TEST_F(CommandLineTest, AValueOfTheWrongKindIsRefused) {
    const auto path = write("no-pacing = \"yes\"\n");
    EXPECT_FALSE(parse({"--config", path}).settings);
    EXPECT_NE(errors_.find(":1: no-pacing is on/off"), std::string::npos) << errors_;
    const auto other = write("\nport = true\n");
    EXPECT_FALSE(parse({"--config", other}).settings);
    EXPECT_NE(errors_.find(":2: port takes a value"), std::string::npos) << errors_;
}

TEST_F(CommandLineTest, ATomlSyntaxErrorNamesItsLine) {
    const auto path = write("port = 1\nport = 2\n");
    EXPECT_FALSE(parse({"--config", path}).settings);
    EXPECT_NE(errors_.find(path + ":2:"), std::string::npos) << errors_;
}

TEST_F(CommandLineTest, CommandLineOnlySettingsAreRefusedInTheFile) {
    const auto path = write("config = \"/etc/other.toml\"\n");
    EXPECT_FALSE(parse({"--config", path}).settings);
    EXPECT_NE(errors_.find("belongs on the command line"), std::string::npos) << errors_;
}

TEST_F(CommandLineTest, CheckConfigValidatesWithoutStarting) {
    const auto good = write("port = 9090\n");
    auto parsed = parse({"--check-config", good});
    ASSERT_TRUE(parsed.settings) << errors_;
    EXPECT_TRUE(parsed.settings->check_only);
    const auto bad = write("port = 70000\n");
    EXPECT_FALSE(parse({"--check-config", bad}).settings);
    EXPECT_NE(errors_.find(":1: port"), std::string::npos) << errors_;
}

TEST_F(CommandLineTest, ContradictingSettingsAreRefused) {
    auto parsed = parse({"--hls-segment", "1", "--hls-part", "1.5"});
    EXPECT_FALSE(parsed.settings);
    EXPECT_NE(errors_.find("--hls-part must not be longer than --hls-segment"), std::string::npos);
}

}  // namespace
}  // namespace camstream::server
