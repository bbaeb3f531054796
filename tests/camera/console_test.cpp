#include "camera/core/console.hpp"

#include "console_fixture.hpp"

using namespace camstream::camera;
using camstream::camera::testing::ConsoleTest;

namespace {
const std::string kHelp =
    "commands:\n"
    "  wifi    WiFi STA config: wifi status|scan|set|connect|disconnect|clear\n"
    "  stream  Stream control: stream status|set|start|stop|clear\n"
    "  cam     Camera: cam power 0|1 (1=on), cam dump, cam flip|mirror on|off [save]\n"
    "  psram   PSRAM status: psram status\n"
    "  help    List the commands, or one command's usage: help [command]\n"
    "type a command without arguments, or help <command>, for its usage\n";
}  // namespace

TEST_F(ConsoleTest, HelpListsTheCommands) {
    EXPECT_EQ(run("help"), 0);
    EXPECT_EQ(output, kHelp);
    std::vector<std::string> names;
    for (const auto& c : Console::commands()) names.emplace_back(c.name);
    EXPECT_EQ(names, (std::vector<std::string>{"wifi", "stream", "cam", "psram", "help"}));
}

TEST_F(ConsoleTest, HelpForOneCommandIsItsUsage) {
    EXPECT_EQ(run("help stream"), 0);
    EXPECT_EQ(output.rfind("usage:\n  stream status\n", 0), 0u) << output;
    EXPECT_EQ(run("help wifi"), 0);
    EXPECT_EQ(output.rfind("usage:\n  wifi status\n", 0), 0u) << output;
    EXPECT_EQ(run("help cam"), 0);
    EXPECT_EQ(output.rfind("usage:\n  cam power <0|1>  (1=on, 0=off)\n  cam dump\n", 0), 0u)
        << output;
    EXPECT_EQ(run("help psram"), 0);
    EXPECT_EQ(output, "usage:\n  psram status\n");
    EXPECT_EQ(run("help help"), 0);
    EXPECT_EQ(output, "usage:\n  help [command]\n");
    EXPECT_EQ(run("help reboot"), 1);
    EXPECT_EQ(output, "help: unknown command 'reboot'\n" + kHelp);
    EXPECT_EQ(run("help wifi set"), 1);
    EXPECT_EQ(output, "help: unexpected argument 'set'\n");
}

TEST_F(ConsoleTest, UnknownCommandsAndBlankLines) {
    EXPECT_EQ(run("reboot now"), 1);
    EXPECT_EQ(output, "unknown command 'reboot'; type help for the list\n");
    EXPECT_EQ(run(""), 0);
    EXPECT_EQ(output, "");
    EXPECT_EQ(run("   \t "), 0);
    EXPECT_EQ(output, "");
}

TEST_F(ConsoleTest, ALineThatCannotBeSplitChangesNothing) {
    EXPECT_EQ(run(R"(wifi set "My Net secret123 save)"), 1);
    EXPECT_EQ(output, "error: unterminated quote\n");
    EXPECT_EQ(settings.wifi_ssid, "");
    EXPECT_TRUE(kv.values().empty());
}

TEST_F(ConsoleTest, ExecuteTakesAnArgvLikeEspConsoleGives) {
    EXPECT_EQ(console.execute({"stream", "set", "host", "10.1.1.1"}, out), 0);
    EXPECT_EQ(out.take(), "stream target set (host=10.1.1.1 port=8080)\n");
    EXPECT_EQ(console.execute({}, out), 0);
}

// What the core answers itself reads the same on the device and the mock:
// only what the platform is asked (radio, pins, PSRAM) differs.
TEST_F(ConsoleTest, CoreAnswersAreIdenticalOnBothPlatforms) {
    const std::vector<std::string> session = {
        "help",
        "stream status",
        "stream set host 127.0.0.1",
        "stream set port 8080 save",
        "stream start",
        "stream status",
        "stream set port 0",
        "wifi set Home secret123 save",
        "wifi set",
        "cam power 7",
        "psram bogus",
        "stream stop",
        "stream clear",
        "wifi clear",
        "nonsense",
    };
    auto replay = [&](Console& c) {
        settings = Settings{};
        for (const auto& key :
             {"host", "port", "path", "interval_ms", "jpeg_quality", "wifi_ssid", "wifi_pass"})
            (void)kv.erase(key);
        stream.current = {};
        std::string transcript;
        for (const auto& line : session) {
            out.take();
            const int code = c.execute_line(line, out);
            transcript += "> " + line + " [" + std::to_string(code) + "]\n" + out.text();
        }
        return transcript;
    };
    const std::string device = replay(console);
    const std::string mock = replay(mock_console);
    EXPECT_EQ(device, mock);
    EXPECT_NE(device.find("> stream start [0]\nstream start requested\n"), std::string::npos)
        << device;
}
