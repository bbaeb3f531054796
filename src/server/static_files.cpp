#include "server/static_files.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <iterator>
#include <set>

namespace camstream::server {

namespace fs = std::filesystem;

namespace {

bool hidden(const fs::path& name) { return name.native().starts_with('.'); }

bool under(const fs::path& root, const fs::path& file) {
    const auto [root_end, file_it] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
    return root_end == root.end();
}

std::optional<media::Bytes> read_whole(const fs::path& file, std::uintmax_t size) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    media::Bytes bytes(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (static_cast<std::uintmax_t>(in.gcount()) != size) return std::nullopt;  // changed meanwhile
    return bytes;
}

}  // namespace

StaticFiles::StaticFiles(fs::path root, Limits limits, std::chrono::milliseconds rescan_every)
    : limits_(limits), table_(std::make_shared<const Table>()) {
    std::error_code ec;
    root_ = fs::weakly_canonical(root, ec);
    if (ec) root_ = std::move(root);
    rescan();
    if (rescan_every.count() > 0) {
        rescanner_ = std::jthread([this, rescan_every](std::stop_token stop) {
            std::mutex wait_mutex;
            std::condition_variable_any wake;
            std::unique_lock lock(wait_mutex);
            while (!wake.wait_for(lock, stop, rescan_every, [] { return false; })) {
                if (stop.stop_requested()) break;
                rescan();
            }
        });
    }
}

StaticFiles::~StaticFiles() = default;  // the jthread asks the rescanner to stop and joins it

std::string_view content_type_for(const fs::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json") return "application/json";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    if (ext == ".ico") return "image/x-icon";
    return "application/octet-stream";
}

void StaticFiles::rescan() {
    std::shared_ptr<const Table> old;
    {
        std::lock_guard lock(mutex_);
        old = table_;
    }
    auto next = std::make_shared<Table>();
    std::size_t total = 0;
    std::set<std::string> refused;  // logged once per scan, and only when new
    std::error_code ec;
    fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        if (hidden(entry.path().filename())) {
            if (entry.is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!entry.is_regular_file(ec)) continue;  // follows symlinks; checked below
        const fs::path relative = entry.path().lexically_relative(root_);
        const std::string key = relative.generic_string();
        if (entry.is_symlink(ec) && !under(root_, fs::weakly_canonical(entry.path(), ec))) continue;
        const std::uintmax_t size = entry.file_size(ec);
        const auto modified = entry.last_write_time(ec);
        if (ec) {
            ec.clear();
            continue;
        }
        if (size > limits_.max_file_bytes || total + size > limits_.max_total_bytes ||
            next->size() >= limits_.max_files) {
            if (!old->contains(key) && refused.insert(key).second) {
                spdlog::warn("web root: {} ({} bytes) is over what may be served ({} per file, {} "
                             "in all, {} files); not served",
                             key, size, limits_.max_file_bytes, limits_.max_total_bytes,
                             limits_.max_files);
            }
            continue;
        }
        const auto known = old->find(key);
        if (known != old->end() && known->second.size == size &&
            known->second.modified == modified) {
            next->emplace(key, known->second);
        } else if (auto bytes = read_whole(entry.path(), size)) {
            next->emplace(key, Entry{{media::share(std::move(*bytes)),
                                      std::string(content_type_for(relative))},
                                     modified,
                                     size});
        } else {
            continue;
        }
        total += size;
    }
    std::lock_guard lock(mutex_);
    table_ = std::move(next);
}

std::optional<StaticFile> StaticFiles::read(std::string_view path, Error& error) const {
    error = Error::bad_path;
    if (path.empty() || path.front() != '/' || path.find('\0') != std::string_view::npos) {
        return std::nullopt;
    }
    const fs::path relative = path == "/" ? fs::path("index.html") : fs::path(path.substr(1));
    for (const auto& part : relative) {
        if (part == "..") return std::nullopt;
    }
    error = Error::not_found;
    std::shared_ptr<const Table> table;
    {
        std::lock_guard lock(mutex_);
        table = table_;
    }
    const auto found = table->find(relative.generic_string());
    if (found == table->end()) return std::nullopt;
    return found->second.file;
}

}  // namespace camstream::server
