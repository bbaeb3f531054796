#include "camera/host/user_config_path.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

using camstream::camera::user_config_path;

namespace {
// Sets or unsets an environment variable for one test, then puts it back.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_{name} {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }

private:
    const char* name_;
    std::optional<std::string> old_;
};
}  // namespace

TEST(UserConfigPath, FollowsXdgConfigHome) {
    ScopedEnv xdg{"XDG_CONFIG_HOME", "/tmp/xdg"};
    EXPECT_EQ(user_config_path("mock-camera.conf"), "/tmp/xdg/camstream/mock-camera.conf");
}

TEST(UserConfigPath, FallsBackToDotConfigUnderHome) {
    ScopedEnv xdg{"XDG_CONFIG_HOME", nullptr};
    ScopedEnv home{"HOME", "/home/ann"};
    EXPECT_EQ(user_config_path("mock-camera.conf"), "/home/ann/.config/camstream/mock-camera.conf");
    ScopedEnv relative{"XDG_CONFIG_HOME", "relative/dir"};  // invalid by the XDG rules: ignored
    EXPECT_EQ(user_config_path("x"), "/home/ann/.config/camstream/x");
}

TEST(UserConfigPath, UsesTheCurrentDirectoryWithNoHome) {
    ScopedEnv xdg{"XDG_CONFIG_HOME", nullptr};
    ScopedEnv home{"HOME", nullptr};
    EXPECT_EQ(user_config_path("mock-camera.conf"), "mock-camera.conf");
}
