#include "server/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace camstream::server {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
protected:
    StaticFilesTest() {
        base_ = fs::temp_directory_path() / ("camstream-static-" + std::to_string(::getpid()));
        fs::create_directories(base_ / "web");
        std::ofstream(base_ / "web" / "index.html") << "<h1>hi</h1>";
        std::ofstream(base_ / "web" / "app.js") << "1;";
        std::ofstream(base_ / "secret.txt") << "secret";
        fs::create_symlink(base_ / "secret.txt", base_ / "web" / "link.txt");
    }
    ~StaticFilesTest() override { fs::remove_all(base_); }
    fs::path base_;
};

TEST_F(StaticFilesTest, ServesFilesOfTheRootWithTheirType) {
    StaticFiles files(base_ / "web");
    StaticFiles::Error error{};
    auto index = files.read("/", error);
    ASSERT_TRUE(index);
    EXPECT_EQ(index->body, "<h1>hi</h1>");
    EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
    auto js = files.read("/app.js", error);
    ASSERT_TRUE(js);
    EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
    StaticFiles files(base_ / "web");
    StaticFiles::Error error{};
    EXPECT_FALSE(files.read("/../secret.txt", error));
    EXPECT_EQ(error, StaticFiles::Error::bad_path);
    EXPECT_FALSE(files.read("/a/../../secret.txt", error));
    EXPECT_FALSE(files.read("/link.txt", error));  // a symlink out of the root
    EXPECT_EQ(error, StaticFiles::Error::not_found);
    EXPECT_FALSE(files.read("/missing.html", error));
    EXPECT_EQ(error, StaticFiles::Error::not_found);
    EXPECT_FALSE(files.read("//etc/passwd", error));
}

}  // namespace
}  // namespace camstream::server
