#include "server/refusal_log.hpp"

#include <gtest/gtest.h>

namespace camstream::server {
namespace {

using std::chrono::seconds;
using Clock = RefusalLog::Clock;

TEST(RefusalLogTest, LogsAnAddressAndReasonOncePerPeriod) {
    RefusalLog log(seconds(60));
    const Clock::time_point t0{};
    EXPECT_TRUE(log.refuse(t0, "10.0.0.1", "max_connections", "a connection"));
    EXPECT_FALSE(log.refuse(t0 + seconds(1), "10.0.0.1", "max_connections", "a connection"));
    EXPECT_FALSE(log.refuse(t0 + seconds(59), "10.0.0.1", "max_connections", "a connection"));
    // Another reason or another address is news.
    EXPECT_TRUE(log.refuse(t0 + seconds(2), "10.0.0.1", "max_cameras", "camera x"));
    EXPECT_TRUE(log.refuse(t0 + seconds(2), "10.0.0.2", "max_connections", "a connection"));
    EXPECT_TRUE(log.refuse(t0 + seconds(60), "10.0.0.1", "max_connections", "a connection"));
    EXPECT_FALSE(log.refuse(t0 + seconds(61), "10.0.0.1", "max_connections", "a connection"));
}

TEST(RefusalLogTest, ManyAddressesShareOneSummaryLinePerPeriod) {
    RefusalLog log(seconds(60), 2);
    const Clock::time_point t0{};
    EXPECT_TRUE(log.refuse(t0, "a", "r", "x"));
    EXPECT_TRUE(log.refuse(t0, "b", "r", "x"));
    EXPECT_TRUE(log.refuse(t0, "c", "r", "x"));   // no room: the summary line
    EXPECT_FALSE(log.refuse(t0, "d", "r", "x"));  // counted into the next summary
    EXPECT_FALSE(log.refuse(t0 + seconds(30), "e", "r", "x"));
    // A period later the quiet addresses are forgotten and there is room again.
    EXPECT_TRUE(log.refuse(t0 + seconds(60), "f", "r", "x"));
}

}  // namespace
}  // namespace camstream::server
