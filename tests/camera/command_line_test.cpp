#include "camera/core/command_line.hpp"

#include <gtest/gtest.h>

using camstream::camera::split_command_line;
using Words = std::vector<std::string>;

namespace {
Words split(std::string_view line) {
    Words words;
    const auto s = split_command_line(line, words);
    EXPECT_TRUE(s.ok()) << line << ": " << s.message();
    return words;
}
std::string error_of(std::string_view line) {
    Words words;
    const auto s = split_command_line(line, words);
    EXPECT_FALSE(s.ok()) << line;
    return s.message();
}
}  // namespace

TEST(CommandLine, SplitsOnSpacesAndTabs) {
    EXPECT_EQ(split("stream set host 127.0.0.1"), (Words{"stream", "set", "host", "127.0.0.1"}));
    EXPECT_EQ(split("  stream \t status  "), (Words{"stream", "status"}));
    EXPECT_EQ(split(""), Words{});
    EXPECT_EQ(split("   "), Words{});
    EXPECT_EQ(split("help\r"), Words{"help"});  // a terminal's CR LF
}

TEST(CommandLine, DoubleQuotesGroupAndMayBeEmpty) {
    EXPECT_EQ(split(R"(wifi set "My Net" "" save)"), (Words{"wifi", "set", "My Net", "", "save"}));
    EXPECT_EQ(split(R"(wifi set --ssid "a b c" --pass "p w")"),
              (Words{"wifi", "set", "--ssid", "a b c", "--pass", "p w"}));
}

TEST(CommandLine, BehavesLikeEspConsoleOnQuotesInsideWords) {
    // A quote inside an unquoted word is an ordinary character...
    EXPECT_EQ(split(R"(pa"ss)"), Words{"pa\"ss"});
    // ...and a quoted word ends at its closing quote.
    EXPECT_EQ(split(R"("ab"cd)"), (Words{"ab", "cd"}));
    // Single quotes are ordinary characters, as in esp_console.
    EXPECT_EQ(split("it's"), Words{"it's"});
}

TEST(CommandLine, BackslashEscapesQuoteBackslashAndSpace) {
    EXPECT_EQ(split(R"(My\ Net)"), Words{"My Net"});
    EXPECT_EQ(split(R"("say \"hi\"")"), Words{"say \"hi\""});
    EXPECT_EQ(split(R"(a\\b)"), Words{"a\\b"});
}

TEST(CommandLine, RefusesWhatEspConsoleWouldGuessAt) {
    EXPECT_EQ(error_of(R"(wifi set "My Net)"), "unterminated quote");
    EXPECT_EQ(error_of("abc\\"), "trailing backslash");
    EXPECT_EQ(error_of(R"(a\nb)"), "unknown escape \\n (use \\\\, \\\" or \\ )");
}
