#include "server/default_web_root.hpp"

namespace camstream::server {

std::string default_web_root(const std::filesystem::path& executable,
                             const std::filesystem::path& installed_relative,
                             const std::string& source_tree) {
    if (!executable.empty()) {
        std::error_code ec;
        const auto installed = (executable.parent_path() / installed_relative).lexically_normal();
        if (std::filesystem::is_regular_file(installed / "index.html", ec)) {
            return installed.string();
        }
    }
    return source_tree;
}

std::filesystem::path running_executable() {
    std::error_code ec;
    auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : path;
}

}  // namespace camstream::server
