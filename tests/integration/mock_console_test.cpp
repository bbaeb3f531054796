// mock-camera --console against a real camstream-server: the diary's console session
// (stream set host, stream set port ... save, stream start) typed into its stdin makes frames
// arrive, and a restarted mock streams to the saved target with no commands at all.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;

class MockConsoleTest : public ServerTest {
protected:
    void SetUp() override {
        ServerTest::SetUp();
        std::string pattern =
            (std::filesystem::temp_directory_path() / "camstream-mock-console-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        state_file_ = dir_ + "/camstream/mock-camera.conf";  // the directory is made on first save
    }
    void TearDown() override {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
        ServerTest::TearDown();
    }

    std::unique_ptr<ChildProcess> start_console() {
        return std::make_unique<ChildProcess>(
            MOCK_CAMERA_BIN, std::vector<std::string>{"--console", "--state-file", state_file_},
            ChildProcess::Stdin::kPipe);
    }

    // Types `command` and returns the first answer line matching `answer`.
    static std::string ask(ChildProcess& mock, const std::string& command,
                           const std::string& answer) {
        EXPECT_TRUE(mock.write_stdin(command + "\n")) << command;
        auto line = mock.wait_for_line(std::regex(answer), 20s);
        EXPECT_TRUE(line) << "no answer matching '" << answer << "' to '" << command << "'; log:\n"
                          << mock.log();
        return line ? (*line)[0] : std::string();
    }

    int frames_received() {
        const auto stats = camera_stats("default");
        return stats.empty() ? 0 : stats["frames_received"].get<int>();
    }

    std::string dir_;
    std::string state_file_;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST_F(MockConsoleTest, TheDiarySessionStreamsAndARestartResumesFromTheSavedTarget) {
    const std::string port = std::to_string(port_);
    {
        auto mock = start_console();
        ask(*mock, "stream status",
            R"(^host=- port=8080 saved=no runtime=no streaming=off ws=down$)");
        ask(*mock, "stream set host 127.0.0.1",
            R"(^stream target set \(host=127\.0\.0\.1 port=8080\)$)");
        ask(*mock, "stream set port " + port + " save",
            "^stream port set \\(port=" + port + ", saved\\)$");
        ask(*mock, "stream start", "^stream start requested$");

        const auto streaming = wait_for_stats("default", [](const nlohmann::json& s) {
            return !s.empty() && s["connected"].get<bool>() &&
                   s["frames_received"].get<int>() >= 10;
        });
        ASSERT_GE(streaming.value("frames_received", 0), 10) << mock->log();
        EXPECT_EQ(streaming["frames_rejected"], 0);
        ask(*mock, "stream status", "streaming=on ws=up$");
        ask(*mock, "stream status",
            "^state=streaming url=ws://127\\.0\\.0\\.1:" + port + "/ws/camera ");

        // Bad arguments change nothing: the stream goes on.
        ask(*mock, "stream set port 0 save", R"(^stream set port: invalid port: 0 \(1-65535\)$)");
        ask(*mock, "stream stop", "^stream stopped$");
        const auto stopped = wait_for_stats("default", [](const nlohmann::json& s) {
            return !s.empty() && !s["connected"].get<bool>();
        });
        EXPECT_FALSE(stopped.value("connected", true));

        // End of input ends the program cleanly.
        mock->close_stdin();
        EXPECT_EQ(mock->wait(20s), std::optional<int>(0)) << mock->log();
        EXPECT_EQ(mock->log().find("Sanitizer"), std::string::npos) << mock->log();
    }

    const std::string saved = read_file(state_file_);
    EXPECT_NE(saved.find("host=127.0.0.1\n"), std::string::npos) << saved;
    EXPECT_NE(saved.find("port=" + port + "\n"), std::string::npos) << saved;

    // Restarted with the same state file and not a word typed: it streams to the saved
    // target, as the device does after a power cut.
    const int before = frames_received();
    auto again = start_console();
    const auto resumed = wait_for_stats("default", [before](const nlohmann::json& s) {
        return !s.empty() && s["connected"].get<bool>() &&
               s["frames_received"].get<int>() >= before + 10;
    });
    ASSERT_GE(resumed.value("frames_received", 0), before + 10) << again->log();
    ask(*again, "stream status",
        "^host=127\\.0\\.0\\.1 port=" + port + " saved=yes runtime=yes streaming=on ws=up$");
    // SIGTERM ends it cleanly too, with its stdin still open.
    EXPECT_EQ(again->stop(), std::optional<int>(0)) << again->log();
    EXPECT_EQ(again->log().find("Sanitizer"), std::string::npos) << again->log();
}

TEST_F(MockConsoleTest, WithoutSavedSettingsItWaitsAndCommandsTheMockCannotDoSaySo) {
    auto mock = start_console();
    ask(*mock, "wifi scan",
        R"(^wifi scan: not available on mock-camera \(it uses the host's network\)$)");
    ask(*mock, "psram status",
        R"(^psram status: not available on mock-camera \(a PC has no PSRAM\)$)");
    ask(*mock, "cam power 1",
        R"(^cam power: not available on mock-camera \(no camera hardware\)$)");
    ask(*mock, "stream start", "^stream start: no host set; use stream set host <host> first$");
    ask(*mock, "stream status", R"(^host=- port=8080 saved=no runtime=no streaming=off ws=down$)");
    mock->close_stdin();
    EXPECT_EQ(mock->wait(20s), std::optional<int>(0)) << mock->log();
    // It has exited: had it connected at any time, the server would know the camera.
    EXPECT_TRUE(camera_stats("default").empty()) << "the mock streamed without a host";
    EXPECT_FALSE(std::filesystem::exists(state_file_));  // nothing was saved
}

}  // namespace
}  // namespace camstream::test
