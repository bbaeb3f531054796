// The credential flags, from the command line and from the config file's tables.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "server/command_line.hpp"

namespace camstream::server {
namespace {

namespace fs = std::filesystem;

ParsedCommandLine parse(std::vector<std::string> words, std::string* errors = nullptr) {
    words.insert(words.begin(), "camstream-server");
    std::vector<const char*> argv;
    for (const auto& w : words) argv.push_back(w.c_str());
    testing::internal::CaptureStderr();
    auto result = parse_command_line(static_cast<int>(argv.size()), argv.data(), "/web");
    const std::string err = testing::internal::GetCapturedStderr();
    if (errors) *errors = err;
    return result;
}

TEST(AuthOptions, FlagsFillTheCredentials) {
    auto parsed =
        parse({"--camera-token", "cam-1=one", "--camera-token", "*=fleet", "--viewer-password",
               "alice:wonderland", "--allowed-origin", "https://dash.example", "--metrics-token",
               "m", "--share-secret", "k", "--session-hours", "2"});
    ASSERT_TRUE(parsed.settings);
    const auto& auth = parsed.settings->config.auth;
    EXPECT_EQ(auth.camera_tokens.at("cam-1"), "one");
    EXPECT_EQ(auth.any_camera_token, "fleet");
    EXPECT_EQ(auth.viewer_passwords.at("alice"), "wonderland");
    EXPECT_EQ(auth.allowed_origins, std::vector<std::string>{"https://dash.example"});
    EXPECT_EQ(auth.metrics_token, "m");
    EXPECT_EQ(auth.share_secret, "k");
    EXPECT_EQ(auth.session_lifetime, std::chrono::hours(2));
    EXPECT_FALSE(parse({}).settings->config.auth.any());
}

TEST(AuthOptions, TheConfigFilesTablesBecomeTheSameFlags) {
    const auto path =
        fs::temp_directory_path() / ("camstream-auth-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(path) << R"(metrics-token = "m"
allowed-origin = ["https://a.example", "https://b.example"]
[camera-token]
cam-1 = "secret"
"*" = "fleet"
[viewer-password]
alice = "pw"
)";
    auto parsed = parse({"--config", path.string(), "--viewer-password", "bob:pw2"});
    fs::remove(path);
    ASSERT_TRUE(parsed.settings);
    const auto& auth = parsed.settings->config.auth;
    EXPECT_EQ(auth.camera_tokens.at("cam-1"), "secret");
    EXPECT_EQ(auth.any_camera_token, "fleet");
    EXPECT_EQ(auth.viewer_passwords.at("alice"), "pw");
    EXPECT_EQ(auth.viewer_passwords.at("bob"), "pw2");  // repeatable: the command line adds
    EXPECT_EQ(auth.allowed_origins.size(), 2u);
    EXPECT_EQ(auth.metrics_token, "m");
}

TEST(AuthOptions, ABadCredentialIsAClearErrorNamingTheFlag) {
    std::string errors;
    EXPECT_FALSE(parse({"--camera-token", "no-equals-sign"}, &errors).settings);
    EXPECT_NE(errors.find("--camera-token takes ID=TOKEN"), std::string::npos) << errors;
    EXPECT_FALSE(parse({"--camera-token", "a/b=x"}, &errors).settings);
    EXPECT_NE(errors.find("not a camera id"), std::string::npos) << errors;
    EXPECT_FALSE(parse({"--viewer-password", "alice"}, &errors).settings);
    EXPECT_NE(errors.find("--viewer-password takes USER:PASSWORD"), std::string::npos) << errors;
    EXPECT_FALSE(parse({"--allowed-origin", "dash.example"}, &errors).settings);
    EXPECT_NE(errors.find("--allowed-origin 'dash.example'"), std::string::npos) << errors;
}

}  // namespace
}  // namespace camstream::server
