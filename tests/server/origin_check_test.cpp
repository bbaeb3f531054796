#include "server/auth/origin_check.hpp"

#include <gtest/gtest.h>

#include "server/auth/auth_config.hpp"

namespace camstream::server::auth {
namespace {

TEST(OriginCheck, TheServersOwnOriginIsAllowed) {
    EXPECT_TRUE(origin_allowed("http://127.0.0.1:8080", "127.0.0.1:8080", {}));
    EXPECT_TRUE(origin_allowed("HTTP://Cams.Example:8080", "cams.example:8080", {}));
    EXPECT_TRUE(origin_allowed("https://cams.example", "cams.example", {}));
}

TEST(OriginCheck, AnotherOriginIsRefusedUnlessListed) {
    EXPECT_FALSE(origin_allowed("http://127.0.0.1:9090", "127.0.0.1:8080", {}));
    EXPECT_FALSE(origin_allowed("http://evil.example", "127.0.0.1:8080", {}));
    EXPECT_FALSE(origin_allowed("null", "127.0.0.1:8080", {}));
    EXPECT_FALSE(origin_allowed("http://127.0.0.1:8080/path", "127.0.0.1:8080", {}));
    EXPECT_TRUE(origin_allowed("https://dash.example", "127.0.0.1:8080", {"https://dash.example"}));
    EXPECT_FALSE(origin_allowed("http://dash.example", "127.0.0.1:8080", {"https://dash.example"}));
}

TEST(OriginCheck, AllowedOriginsAreCheckedWhenGiven) {
    AuthConfig config;
    add_allowed_origin(config, "https://Dash.Example:8443/");
    EXPECT_EQ(config.allowed_origins, std::vector<std::string>{"https://dash.example:8443"});
    EXPECT_THROW(add_allowed_origin(config, "dash.example"), std::invalid_argument);
    EXPECT_THROW(add_allowed_origin(config, "https://dash.example/app"), std::invalid_argument);
    EXPECT_THROW(add_allowed_origin(config, "https://user@dash.example"), std::invalid_argument);
}

TEST(AuthConfig, TokensAndPasswordsAreCheckedWhenGiven) {
    AuthConfig config;
    EXPECT_FALSE(config.any());
    add_camera_token(config, "cam-1=s3cret=x");
    add_camera_token(config, "*=fleet");
    add_viewer_password(config, "alice:pw:with:colons");
    EXPECT_EQ(config.camera_tokens.at("cam-1"), "s3cret=x");
    EXPECT_EQ(config.any_camera_token, "fleet");
    EXPECT_EQ(config.viewer_passwords.at("alice"), "pw:with:colons");
    EXPECT_TRUE(config.cameras_need_token());
    EXPECT_TRUE(config.viewers_need_login());
    EXPECT_THROW(add_camera_token(config, "cam-1=again"), std::invalid_argument);
    EXPECT_THROW(add_camera_token(config, "*=again"), std::invalid_argument);
    EXPECT_THROW(add_camera_token(config, "bad/id=x"), std::invalid_argument);
    EXPECT_THROW(add_camera_token(config, "cam-2="), std::invalid_argument);
    EXPECT_THROW(add_camera_token(config, "cam-2"), std::invalid_argument);
    EXPECT_THROW(add_viewer_password(config, "bob"), std::invalid_argument);
    EXPECT_THROW(add_viewer_password(config, ":pw"), std::invalid_argument);
    EXPECT_THROW(add_viewer_password(config, "alice:again"), std::invalid_argument);
}

}  // namespace
}  // namespace camstream::server::auth
