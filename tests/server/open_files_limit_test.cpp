#include "server/open_files_limit.hpp"

#include <gtest/gtest.h>

namespace camstream::server {
namespace {

constexpr std::uint64_t kUnlimited = ~std::uint64_t{0};

TEST(OpenFilesLimitTest, RaisesTheSoftLimitToWhatTheConnectionCapNeeds) {
    const auto needed = open_files_needed(1024);
    EXPECT_GT(needed, 1024u);
    const auto plan = plan_open_files(needed, 1024, 524288, kUnlimited);
    EXPECT_EQ(plan.soft, needed);
    EXPECT_FALSE(plan.hard_too_low);
}

TEST(OpenFilesLimitTest, StopsAtTheHardLimitAndSaysItIsTooLow) {
    const auto plan = plan_open_files(5000, 1024, 4096, kUnlimited);
    EXPECT_EQ(plan.soft, 4096u);
    EXPECT_TRUE(plan.hard_too_low);
}

TEST(OpenFilesLimitTest, NeverLowersALimitThatIsAlreadyEnough) {
    EXPECT_EQ(plan_open_files(1088, 65536, 65536, kUnlimited).soft, 65536u);
    EXPECT_EQ(plan_open_files(1088, kUnlimited, kUnlimited, kUnlimited).soft, kUnlimited);
    const auto unlimited_hard = plan_open_files(1088, 1024, kUnlimited, kUnlimited);
    EXPECT_EQ(unlimited_hard.soft, 1088u);
    EXPECT_FALSE(unlimited_hard.hard_too_low);
}

}  // namespace
}  // namespace camstream::server
