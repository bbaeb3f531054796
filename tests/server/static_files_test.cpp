#include "server/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

namespace camstream::server {
namespace {

namespace fs = std::filesystem;

std::string text(const StaticFile& file) { return std::string(file.body->begin(), file.body->end()); }

// Files are read at start and on rescan(); no background rescan in these tests.

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
    StaticFiles files(base_ / "web", {}, std::chrono::milliseconds(0));
    StaticFiles::Error error{};
    auto index = files.read("/", error);
    ASSERT_TRUE(index);
    EXPECT_EQ(text(*index), "<h1>hi</h1>");
    EXPECT_EQ(index->content_type, "text/html; charset=utf-8");
    auto js = files.read("/app.js", error);
    ASSERT_TRUE(js);
    EXPECT_EQ(js->content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
    StaticFiles files(base_ / "web", {}, std::chrono::milliseconds(0));
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

TEST_F(StaticFilesTest, NeverServesDotfilesOrWhatLiesInDotDirectories) {
    std::ofstream(base_ / "web" / ".env") << "TOKEN=secret";
    fs::create_directories(base_ / "web" / ".git");
    std::ofstream(base_ / "web" / ".git" / "config") << "[core]";
    StaticFiles files(base_ / "web", {}, std::chrono::milliseconds(0));
    StaticFiles::Error error{};
    EXPECT_FALSE(files.read("/.env", error));
    EXPECT_EQ(error, StaticFiles::Error::not_found);
    EXPECT_FALSE(files.read("/.git/config", error));
    EXPECT_TRUE(files.read("/app.js", error));
}

TEST_F(StaticFilesTest, DoesNotLoadFilesOverTheCap) {
    std::ofstream(base_ / "web" / "big.bin") << std::string(2000, 'x');
    StaticFiles files(base_ / "web", {.max_file_bytes = 1000}, std::chrono::milliseconds(0));
    StaticFiles::Error error{};
    EXPECT_FALSE(files.read("/big.bin", error));
    EXPECT_EQ(error, StaticFiles::Error::not_found);
    EXPECT_TRUE(files.read("/app.js", error));
}

TEST_F(StaticFilesTest, ServesFromMemoryAndPicksUpEditsOnRescan) {
    StaticFiles files(base_ / "web", {}, std::chrono::milliseconds(0));
    StaticFiles::Error error{};
    fs::remove(base_ / "web" / "app.js");
    auto cached = files.read("/app.js", error);  // no disk access when answering
    ASSERT_TRUE(cached);
    EXPECT_EQ(text(*cached), "1;");
    std::ofstream(base_ / "web" / "new.js") << "2;";
    files.rescan();
    EXPECT_FALSE(files.read("/app.js", error));
    auto added = files.read("/new.js", error);
    ASSERT_TRUE(added);
    EXPECT_EQ(text(*added), "2;");
}

}  // namespace
}  // namespace camstream::server
