#pragma once
// Files of the web client, from one directory, served from memory.
//
// The whole web root is read into memory at start and re-read in the background every couple
// of seconds (only files whose size or time changed), so answering a request never touches
// the disk on the network thread, and an edited page shows on the next reload. A request can
// only ever name a file found under that directory: '..' is refused, files and directories
// whose name starts with '.' are never served, symlinks leading outside the root are skipped,
// and a file over `max_file_bytes` (or past `max_total_bytes` in all) is not loaded.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "media/shared_bytes.hpp"

namespace camstream::server {

struct StaticFile {
    media::SharedBytes body;
    std::string content_type;
};

struct StaticFileLimits {
    std::size_t max_file_bytes = 8u << 20;
    std::size_t max_total_bytes = 64u << 20;
    std::size_t max_files = 4096;
};

class StaticFiles {
public:
    using Limits = StaticFileLimits;
    // `rescan_every` zero: read once, never again (the tests call rescan() themselves).
    explicit StaticFiles(std::filesystem::path root, Limits limits = {},
                         std::chrono::milliseconds rescan_every = std::chrono::seconds(2));
    ~StaticFiles();
    StaticFiles(const StaticFiles&) = delete;
    StaticFiles& operator=(const StaticFiles&) = delete;

    enum class Error { not_found, bad_path };
    // `path` is already percent-decoded; "/" means index.html.
    std::optional<StaticFile> read(std::string_view path, Error& error) const;

    void rescan();  // reads what changed on disk since the last scan

    const std::filesystem::path& root() const { return root_; }

private:
    struct Entry {
        StaticFile file;
        std::filesystem::file_time_type modified;
        std::uintmax_t size = 0;
    };
    using Table = std::map<std::string, Entry, std::less<>>;  // key: "dir/name.js"

    std::filesystem::path root_;
    Limits limits_;
    mutable std::mutex mutex_;
    std::shared_ptr<const Table> table_;  // replaced whole by rescan(), read under mutex_
    std::jthread rescanner_;
};

std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace camstream::server
