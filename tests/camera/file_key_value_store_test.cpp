#include "camera/host/file_key_value_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "temp_dir.hpp"

using camstream::camera::FileKeyValueStore;
using camstream::camera::testing::TempDir;

namespace {
std::string read_file(const std::string& path) {
    std::ifstream in{path};
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}
void write_file(const std::string& path, const std::string& text) {
    std::ofstream{path} << text;
}
}  // namespace

TEST(FileKeyValueStore, AMissingFileIsAnEmptyStore) {
    TempDir dir;
    FileKeyValueStore store{dir.file("none.conf")};
    EXPECT_TRUE(store.load().ok());
    EXPECT_FALSE(store.get("host"));
}

TEST(FileKeyValueStore, CommitWritesAFileTheNextLoadReads) {
    TempDir dir;
    const std::string path = dir.file("deep/er/mock-camera.conf");  // parent directories are made
    {
        FileKeyValueStore store{path};
        ASSERT_TRUE(store.set("host", "127.0.0.1").ok());
        ASSERT_TRUE(store.set("wifi_pass", "a\\b\nc\rd=e#f").ok());  // escapes round-trip
        ASSERT_TRUE(store.set("empty", "").ok());
        ASSERT_TRUE(store.commit().ok());
    }
    FileKeyValueStore again{path};
    ASSERT_TRUE(again.load().ok());
    EXPECT_EQ(again.get("host"), "127.0.0.1");
    EXPECT_EQ(again.get("wifi_pass"), "a\\b\nc\rd=e#f");
    EXPECT_EQ(again.get("empty"), "");
    const std::string text = read_file(path);
    EXPECT_NE(text.find("host=127.0.0.1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("wifi_pass=a\\\\b\\nc\\rd=e#f\n"), std::string::npos) << text;
}

TEST(FileKeyValueStore, TheFileIsPrivateAndNoTemporaryIsLeft) {
    TempDir dir;
    const std::string path = dir.file("s.conf");
    FileKeyValueStore store{path};
    ASSERT_TRUE(store.set("wifi_pass", "secret123").ok());
    ASSERT_TRUE(store.commit().ok());
    ASSERT_TRUE(store.set("host", "h").ok());
    ASSERT_TRUE(store.commit().ok());
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    int files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator{dir.path()})
        ++files;
    EXPECT_EQ(files, 1);
}

TEST(FileKeyValueStore, EraseRemovesAKeyOnCommit) {
    TempDir dir;
    FileKeyValueStore store{dir.file("s.conf")};
    ASSERT_TRUE(store.set("host", "h").ok());
    ASSERT_TRUE(store.set("port", "1").ok());
    ASSERT_TRUE(store.commit().ok());
    ASSERT_TRUE(store.erase("host").ok());
    ASSERT_TRUE(store.erase("never-there").ok());
    ASSERT_TRUE(store.commit().ok());
    FileKeyValueStore again{dir.file("s.conf")};
    ASSERT_TRUE(again.load().ok());
    EXPECT_FALSE(again.get("host"));
    EXPECT_EQ(again.get("port"), "1");
}

TEST(FileKeyValueStore, UnreadableLinesAreSkippedAndNamed) {
    TempDir dir;
    write_file(dir.file("s.conf"),
               "# comment\n\nhost=h\r\nno equals sign\nbad key=1\nport=80\nx=bad\\q\n");
    FileKeyValueStore store{dir.file("s.conf")};
    const auto loaded = store.load();
    ASSERT_FALSE(loaded.ok());
    EXPECT_NE(loaded.message().find("skipped unreadable line(s) 4, 5, 7"), std::string::npos)
        << loaded.message();
    EXPECT_EQ(store.get("host"), "h");  // CR LF endings are fine
    EXPECT_EQ(store.get("port"), "80");
}

TEST(FileKeyValueStore, RefusesBadKeysAndReportsWriteErrors) {
    TempDir dir;
    FileKeyValueStore store{dir.file("s.conf")};
    EXPECT_FALSE(store.set("", "x").ok());
    EXPECT_FALSE(store.set("has space", "x").ok());
    EXPECT_FALSE(store.set("sixteen_chars_xx", "x").ok());  // NVS allows 15

    write_file(dir.file("file"), "");
    FileKeyValueStore blocked{dir.file("file/s.conf")};  // a file where a directory should be
    ASSERT_TRUE(blocked.set("host", "h").ok());
    const auto committed = blocked.commit();
    ASSERT_FALSE(committed.ok());
    EXPECT_NE(committed.message().find("file/s.conf"), std::string::npos) << committed.message();
}
