#include "camera/host/frame_log.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "temp_dir.hpp"

using camstream::camera::FrameLog;
using camstream::camera::testing::TempDir;
using namespace std::chrono_literals;

namespace {
const auto kT = std::chrono::system_clock::time_point{} + 1'700'000'000'123'456us;

std::string contents(const std::string& path) {
    std::ifstream in{path};
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
}  // namespace

TEST(FrameLog, OneLinePerFrameWithMillisecondsSinceTheEpoch) {
    EXPECT_EQ(FrameLog::line(42, kT), "42 1700000000123.456\n");
    EXPECT_EQ(FrameLog::line(0, std::chrono::system_clock::time_point{} + 5us), "0 0.005\n");
}

TEST(FrameLog, EachLineIsInTheFileAsSoonAsItIsRecorded) {
    TempDir dir;
    FrameLog log{dir.file("frames.txt")};
    log.record(7, kT);
    // Still open: a reader following the file sees the line already.
    EXPECT_EQ(contents(dir.file("frames.txt")), "7 1700000000123.456\n");
    log.record(8, kT + 40ms);
    EXPECT_EQ(contents(dir.file("frames.txt")), "7 1700000000123.456\n8 1700000000163.456\n");
}

TEST(FrameLog, AnUnwritablePathIsAnErrorNamingIt) {
    try {
        FrameLog log{"/nonexistent-dir/frames.txt"};
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string{e.what()}.find("/nonexistent-dir/frames.txt"), std::string::npos)
            << e.what();
    }
}
