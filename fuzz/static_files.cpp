// A request path (raw, and percent-decoded as the HTTP routes decode it) looked up in the web
// client's files. The root is a temporary directory with a few files, a dotfile, a dot
// directory, and symlinks to a file inside and to a sibling directory outside it. Checked: a
// file returned is always one of the files under the root that may be served, byte for byte;
// nothing from outside the root or from a dot name ever is.
#include "server/static_files.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "server/ws_route.hpp"

namespace {

namespace fs = std::filesystem;
using namespace camstream::server;

[[noreturn]] void fail(const char* what, std::string_view path) {
    std::fprintf(stderr, "static_files invariant broken: %s (path '%.*s')\n", what,
                 static_cast<int>(path.size()), path.data());
    std::abort();
}

void write_file(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

struct WebRoot {
    fs::path base;
    std::map<std::string, std::string> servable;  // body -> name, of what may come back
    std::unique_ptr<StaticFiles> files;

    WebRoot() {
        std::string templ = (fs::temp_directory_path() / "camstream-fuzz-XXXXXX").string();
        if (!mkdtemp(templ.data())) std::abort();
        base = templ;
        const fs::path root = base / "web";
        const std::map<std::string, std::string> inside = {
            {"index.html", "inside: index"},
            {"app.js", "inside: app"},
            {"sub/page.css", "inside: page"},
            {"sub/deeper/x.json", "inside: x"},
        };
        for (const auto& [name, body] : inside) {
            write_file(root / name, body);
            servable[body] = name;
        }
        write_file(root / ".secret", "dotfile");
        write_file(root / ".git/config", "dotfile");
        write_file(root / "sub/.env", "dotfile");
        write_file(base / "outside/secret.txt", "outside");
        write_file(base / "web-sibling/index.html", "outside");
        fs::create_symlink("app.js", root / "link-in.js");
        fs::create_symlink("../outside/secret.txt", root / "link-out.txt");
        fs::create_symlink("../../outside", root / "sub/link-dir");
        fs::create_symlink(base / "outside", root / "abs-link-dir");
        files =
            std::make_unique<StaticFiles>(root, StaticFileLimits{}, std::chrono::milliseconds(0));

        StaticFiles::Error error{};
        for (const auto& [body, name] : servable) {
            if (!files->read("/" + name, error)) fail("a file under the root is not served", name);
        }
    }
    ~WebRoot() {
        files.reset();
        std::error_code ec;
        fs::remove_all(base, ec);
    }

    void check(std::string_view path) const {
        StaticFiles::Error error{};
        const auto file = files->read(path, error);
        if (!file) return;
        if (!file->body) fail("a found file without a body", path);
        const std::string body(file->body->begin(), file->body->end());
        if (!servable.contains(body))
            fail("served something that is not a file under the root", path);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const WebRoot root;
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    root.check(raw);
    std::string decoded;
    if (percent_decode(path_of(raw), decoded)) root.check(decoded);
    return 0;
}
