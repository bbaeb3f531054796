#include "camera/core/pace_message.hpp"

#include <gtest/gtest.h>

using camstream::camera::PaceMessage;

TEST(PaceMessage, ReadsFpsAndNow) {
    const auto plain = PaceMessage::parse(R"({"type":"pace","fps":25})");
    ASSERT_TRUE(plain);
    EXPECT_DOUBLE_EQ(plain->fps, 25.0);
    EXPECT_FALSE(plain->now);

    const auto now = PaceMessage::parse(R"({"type":"pace","fps":1,"now":true})");
    ASSERT_TRUE(now);
    EXPECT_DOUBLE_EQ(now->fps, 1.0);
    EXPECT_TRUE(now->now);

    const auto not_now = PaceMessage::parse(R"({"type":"pace","fps":1,"now":false})");
    ASSERT_TRUE(not_now);
    EXPECT_FALSE(not_now->now);
}

TEST(PaceMessage, AllowsWhitespaceKeyOrderAndOtherKeys) {
    const auto m = PaceMessage::parse(
        " \n{ \"now\" : true ,\t\"fps\" : 0.5,\"viewers\":{\"ws\":[1,2,{\"x\":null}],\"hls\":0},"
        "\"note\":\"a \\\"quoted\\\" \\u00e9 text\", \"type\" : \"pace\" }\r\n");
    ASSERT_TRUE(m);
    EXPECT_DOUBLE_EQ(m->fps, 0.5);
    EXPECT_TRUE(m->now);
}

TEST(PaceMessage, ReadsEveryJsonNumberForm) {
    const auto fps = [](const char* number) {
        const auto m = PaceMessage::parse(std::string{R"({"type":"pace","fps":)"} + number + "}");
        return m ? m->fps : -1.0;
    };
    EXPECT_DOUBLE_EQ(fps("12.5"), 12.5);
    EXPECT_DOUBLE_EQ(fps("1e1"), 10.0);
    EXPECT_DOUBLE_EQ(fps("2.5E-1"), 0.25);
    EXPECT_DOUBLE_EQ(fps("0.04"), 0.04);
    EXPECT_DOUBLE_EQ(fps("3E+0"), 3.0);
    // Not JSON numbers, or not > 0.
    for (const char* bad : {"0", "-1", "0.0", "+5", "05", ".5", "5.", "1e", "0x10", "inf", "NaN",
                            "\"25\"", "true", "null", "1e999", "1e-999", "[25]"})
        EXPECT_EQ(fps(bad), -1.0) << bad;
}

TEST(PaceMessage, EscapedKeysAndTypeMatch) {
    const auto m = PaceMessage::parse(R"({"t\u0079pe":"p\u0061ce","fps":2})");
    ASSERT_TRUE(m);
    EXPECT_DOUBLE_EQ(m->fps, 2.0);
}

TEST(PaceMessage, ALaterRepeatedKeyWins) {
    const auto m = PaceMessage::parse(R"({"type":"pace","fps":1,"fps":4})");
    ASSERT_TRUE(m);
    EXPECT_DOUBLE_EQ(m->fps, 4.0);
}

TEST(PaceMessage, IgnoresOtherMessagesAndMalformedJson) {
    for (const char* text : {
             "",
             "pace",
             "{}",
             "[]",
             R"({"type":"hello","fps":5})",
             R"({"type":"PACE","fps":5})",
             R"({"type":"pace"})",
             R"({"fps":5})",
             R"({"type":5,"fps":5})",
             R"({"type":"pace","fps":5,"now":1})",
             R"({"type":"pace","fps":5,"now":"true"})",
             R"({"type":"pace","fps":5,"now":tru})",
             R"({"type":"pace","fps":5,})",
             R"({"type":"pace","fps":5)",
             R"({"type":"pace","fps":5}})",
             R"({"type":"pace","fps":5} x)",
             R"({"type":"pace" "fps":5})",
             R"({type:"pace","fps":5})",
             R"({'type':'pace','fps':5})",
             R"({"type":"pace","fps":5,"x":[1,})",
             R"({"type":"pa\qce","fps":5})",
             R"({"type":"pace","fps":5,"x":"\u12"})",
             "{\"type\":\"pa\nce\",\"fps\":5}",
         })
        EXPECT_FALSE(PaceMessage::parse(text)) << text;
}

TEST(PaceMessage, DeepNestingIsRefusedNotRecursedWithoutBound) {
    std::string deep = R"({"type":"pace","fps":1,"x":)";
    for (int i = 0; i < 10000; ++i) deep += '[';
    EXPECT_FALSE(PaceMessage::parse(deep));
}
