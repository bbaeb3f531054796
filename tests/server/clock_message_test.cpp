#include "server/clock_message.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace camstream::server {
namespace {

TEST(ClockMessage, HelloSaysTheServerTimeWithItsFraction) {
    const std::string hello = clock_hello(1764758400123.25);
    EXPECT_EQ(hello, R"({"type":"clock","server_time":1764758400123.25})");
}

TEST(ClockMessage, AQuestionIsAnsweredWithItsOwnClientTime) {
    EXPECT_EQ(clock_reply(R"({"type":"clock","client_time":12345.5})", 1764758400000.5),
              R"({"type":"clock","client_time":12345.5,"server_time":1764758400000.5})");
    // Any number, as sent; other keys and key order do not matter.
    const auto reply = clock_reply(R"({"x":[1],"client_time":-3,"type":"clock"})", 2.0);
    ASSERT_TRUE(reply);
    const auto json = nlohmann::json::parse(*reply);
    EXPECT_EQ(json["client_time"], -3);
    EXPECT_EQ(json["server_time"], 2.0);
    EXPECT_EQ(json["type"], "clock");
}

TEST(ClockMessage, AnythingElseIsNoQuestion) {
    EXPECT_FALSE(clock_reply("", 1));
    EXPECT_FALSE(clock_reply("not json", 1));
    EXPECT_FALSE(clock_reply("[1,2]", 1));
    EXPECT_FALSE(clock_reply(R"({"type":"clock"})", 1));
    EXPECT_FALSE(clock_reply(R"({"type":"clock","client_time":"12"})", 1));
    EXPECT_FALSE(clock_reply(R"({"type":"clock","client_time":true})", 1));
    EXPECT_FALSE(clock_reply(R"({"type":"hello","client_time":12})", 1));
    EXPECT_FALSE(clock_reply(R"({"type":"clock","client_time":12)", 1));
}

}  // namespace
}  // namespace camstream::server
