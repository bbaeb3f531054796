#include "server/static_files.hpp"

#include <fstream>
#include <sstream>

namespace camstream::server {

namespace fs = std::filesystem;

StaticFiles::StaticFiles(fs::path root) {
    std::error_code ec;
    root_ = fs::weakly_canonical(root, ec);
    if (ec) root_ = std::move(root);
}

std::string_view content_type_for(const fs::path& file) {
    const std::string ext = file.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".json") return "application/json";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".ico") return "image/x-icon";
    return "application/octet-stream";
}

std::optional<StaticFile> StaticFiles::read(std::string_view path, Error& error) const {
    error = Error::bad_path;
    if (path.empty() || path.front() != '/' || path.find('\0') != std::string_view::npos) {
        return std::nullopt;
    }
    fs::path relative = path == "/" ? fs::path("index.html") : fs::path(path.substr(1));
    for (const auto& part : relative) {
        if (part == "..") return std::nullopt;
    }
    std::error_code ec;
    const fs::path file = fs::weakly_canonical(root_ / relative, ec);
    error = Error::not_found;
    if (ec) return std::nullopt;
    // Symlinks or odd spellings must not lead outside the root either.
    const auto [root_end, file_it] =
        std::mismatch(root_.begin(), root_.end(), file.begin(), file.end());
    if (root_end != root_.end() || !fs::is_regular_file(file, ec)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream body;
    body << in.rdbuf();
    return StaticFile{body.str(), std::string(content_type_for(file))};
}

}  // namespace camstream::server
