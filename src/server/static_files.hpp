#pragma once
// Files of the web client, from one directory. A request can only ever name a file inside
// that directory: '..' segments are refused and the resolved path is checked again.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace camstream::server {

struct StaticFile {
    std::string body;
    std::string content_type;
};

class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);

    enum class Error { not_found, bad_path };
    // `path` is already percent-decoded; "/" means index.html.
    std::optional<StaticFile> read(std::string_view path, Error& error) const;

    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;
};

std::string_view content_type_for(const std::filesystem::path& file);

}  // namespace camstream::server
