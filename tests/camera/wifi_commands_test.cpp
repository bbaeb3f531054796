#include "camera/core/wifi_commands.hpp"

#include "console_fixture.hpp"

using namespace camstream::camera;
using camstream::camera::testing::ConsoleTest;

namespace {
const std::string kUsage =
    "usage:\n"
    "  wifi status\n"
    "  wifi scan [max]\n"
    "  wifi set <ssid> <password> [save]\n"
    "  wifi set --ssid <ssid> --pass <password> [--save]\n"
    "  wifi connect\n"
    "  wifi disconnect\n"
    "  wifi clear\n";
const std::string kMockWhy = "not available on mock-camera (it uses the host's network)";
}  // namespace

using WifiCommandsTest = ConsoleTest;

TEST_F(WifiCommandsTest, NoSubcommandPrintsUsage) {
    EXPECT_EQ(run("wifi"), 1);
    EXPECT_EQ(output, kUsage);
}

TEST_F(WifiCommandsTest, SetPositionalChangesTheRuntimeCredentialsOnly) {
    EXPECT_EQ(run("wifi set MyNet secret123"), 0);
    EXPECT_EQ(output, "credentials set (ssid=MyNet)\n");
    EXPECT_EQ(settings.wifi_ssid, "MyNet");
    EXPECT_EQ(settings.wifi_password, "secret123");
    EXPECT_TRUE(kv.values().empty());
    EXPECT_FALSE(store.has_saved_wifi());
}

TEST_F(WifiCommandsTest, SetPositionalWithSaveStoresThem) {
    EXPECT_EQ(run(R"(wifi set "My Net" secret123 save)"), 0);
    EXPECT_EQ(output, "credentials set (ssid=My Net, saved)\n");
    EXPECT_EQ(kv.get("wifi_ssid"), "My Net");
    EXPECT_EQ(kv.get("wifi_pass"), "secret123");
}

TEST_F(WifiCommandsTest, SetWithFlagsInAnyOrder) {
    EXPECT_EQ(run(R"(wifi set --pass secret123 --save --ssid "My Net")"), 0);
    EXPECT_EQ(output, "credentials set (ssid=My Net, saved)\n");
    EXPECT_EQ(settings.wifi_password, "secret123");
    EXPECT_TRUE(store.has_saved_wifi());
}

TEST_F(WifiCommandsTest, OpenNetworksHaveAnEmptyPassword) {
    EXPECT_EQ(run(R"(wifi set Cafe "")"), 0);
    EXPECT_EQ(settings.wifi_password, "");
    EXPECT_EQ(run("wifi set --ssid Library"), 0);
    EXPECT_EQ(output, "credentials set (ssid=Library)\n");
    EXPECT_EQ(settings.wifi_password, "");
}

TEST_F(WifiCommandsTest, BadArgumentsPrintWhyAndUsageAndChangeNothing) {
    settings.wifi_ssid = "Old";
    settings.wifi_password = "oldpassword";
    const std::pair<std::string, std::string> cases[] = {
        {"wifi set", "wifi set: missing ssid"},
        {R"(wifi set "" secret123)", "wifi set: missing ssid"},
        {"wifi set OnlySsid", "wifi set: missing password (\"\" for an open network)"},
        {"wifi set a secret123 c", "wifi set: unexpected argument 'c'"},
        {"wifi set a secret123 save more", "wifi set: unexpected argument 'save'"},
        {"wifi set net short",
         "wifi set: password must be empty (open network), 8-63 characters, or 64 hex digits"},
        {"wifi set net save",
         "wifi set: password must be empty (open network), 8-63 characters, or 64 hex digits"},
        {"wifi set " + std::string(33, 's') + " secret123", "wifi set: SSID must be 1-32 bytes"},
        {"wifi set --ssid", "wifi set: --ssid needs a value"},
        {"wifi set --ssid x --pass", "wifi set: --pass needs a value"},
        {"wifi set --ssid x --pass secret123 extra", "wifi set: unexpected argument 'extra'"},
        {"wifi set --pass secret123", "wifi set: missing ssid"},
        {"wifi scan 0", "wifi scan: invalid max: 0 (1-200)"},
        {"wifi scan 201", "wifi scan: invalid max: 201 (1-200)"},
        {"wifi scan lots", "wifi scan: invalid max: lots (1-200)"},
        {"wifi scan 5 6", "wifi scan: unexpected argument '6'"},
        {"wifi status now", "wifi status: unexpected argument 'now'"},
        {"wifi connect home", "wifi connect: unexpected argument 'home'"},
        {"wifi disconnect x", "wifi disconnect: unexpected argument 'x'"},
        {"wifi clear all", "wifi clear: unexpected argument 'all'"},
        {"wifi frobnicate", "wifi: unknown subcommand 'frobnicate'"},
    };
    for (const auto& [line, why] : cases) {
        expect_rejected_unchanged(line);
        EXPECT_EQ(output, why + "\n" + kUsage) << line;
    }
    EXPECT_TRUE(wifi.connects.empty());
    EXPECT_EQ(wifi.last_scan_max, 0u);
}

TEST_F(WifiCommandsTest, StatusShowsTheLinkAndTheCredentials) {
    ASSERT_EQ(run(R"(wifi set "My Net" secret123 save)"), 0);
    wifi.current = {WifiLink::State::kConnected, 0, "192.168.1.20", -58};
    EXPECT_EQ(run("wifi status"), 0);
    EXPECT_EQ(
        output,
        "state=CONNECTED ssid=My Net saved=yes runtime=yes reason=0 ip=192.168.1.20 rssi=-58\n");

    ASSERT_EQ(run("wifi clear"), 0);
    wifi.current = {WifiLink::State::kIdle, 201, ""};
    EXPECT_EQ(run("wifi status"), 0);
    EXPECT_EQ(output, "state=IDLE ssid=- saved=no runtime=no reason=201 ip=- rssi=-\n");
}

TEST_F(WifiCommandsTest, ScanListsNetworks) {
    wifi.networks = {{"Home", 6, -40, "WPA2"}, {"", 11, -80, "OPEN"}};
    EXPECT_EQ(run("wifi scan 5"), 0);
    EXPECT_EQ(wifi.last_scan_max, 5u);
    EXPECT_EQ(output,
              "found 2 networks (showing up to 5):\n"
              "  0: ch=6 rssi=-40 auth=WPA2 ssid=Home\n"
              "  1: ch=11 rssi=-80 auth=OPEN ssid=<hidden>\n");
    EXPECT_EQ(run("wifi scan"), 0);
    EXPECT_EQ(wifi.last_scan_max, 20u);
}

TEST_F(WifiCommandsTest, ConnectNeedsCredentials) {
    EXPECT_EQ(run("wifi connect"), 1);
    EXPECT_EQ(output, "wifi connect: no credentials; use wifi set <ssid> <password> first\n");
    EXPECT_TRUE(wifi.connects.empty());
    ASSERT_EQ(run("wifi set Home secret123"), 0);
    EXPECT_EQ(run("wifi connect"), 0);
    EXPECT_EQ(output, "connect requested\n");
    EXPECT_EQ(wifi.connects, std::vector<std::string>{"Home/secret123"});
    EXPECT_EQ(run("wifi disconnect"), 0);
    EXPECT_EQ(output, "disconnect requested\n");
    EXPECT_EQ(wifi.disconnects, 1);
}

TEST_F(WifiCommandsTest, ClearForgetsSavedAndRuntimeCredentials) {
    ASSERT_EQ(run("wifi set Home secret123 save"), 0);
    EXPECT_EQ(run("wifi clear"), 0);
    EXPECT_EQ(output, "cleared saved+runtime credentials\n");
    EXPECT_EQ(settings.wifi_ssid, "");
    EXPECT_EQ(settings.wifi_password, "");
    EXPECT_FALSE(store.has_saved_wifi());
}

TEST_F(WifiCommandsTest, OnMockCameraTheRadioCommandsSaySoPlainly) {
    EXPECT_EQ(run_mock("wifi status"), 1);
    EXPECT_EQ(output, "ssid=- saved=no runtime=no\nwifi status: " + kMockWhy + "\n");
    EXPECT_EQ(run_mock("wifi scan"), 1);
    EXPECT_EQ(output, "wifi scan: " + kMockWhy + "\n");
    EXPECT_EQ(run_mock("wifi disconnect"), 1);
    EXPECT_EQ(output, "wifi disconnect: " + kMockWhy + "\n");
    // Credentials are settings: those work (and persist) on the mock too.
    EXPECT_EQ(run_mock("wifi set Home secret123 save"), 0);
    EXPECT_EQ(output, "credentials set (ssid=Home, saved)\n");
    EXPECT_EQ(run_mock("wifi connect"), 1);
    EXPECT_EQ(output, "wifi connect: " + kMockWhy + "\n");
    EXPECT_EQ(run_mock("wifi clear"), 0);
    EXPECT_EQ(output, "cleared saved+runtime credentials\n");
}
