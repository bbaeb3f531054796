#include "camera/host/file_key_value_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace camstream::camera {
namespace {

std::string errno_text() {
    return std::strerror(errno);
}

bool is_key(const std::string& key) {
    return !key.empty() && key.size() <= 15 && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '.' || c == '-';
    });
}

std::string escape(const std::string& value) {
    std::string out;
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else
            out += c;
    }
    return out;
}

bool unescape(const std::string& text, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            out += text[i];
            continue;
        }
        if (++i == text.size()) return false;
        if (text[i] == '\\')
            out += '\\';
        else if (text[i] == 'n')
            out += '\n';
        else if (text[i] == 'r')
            out += '\r';
        else
            return false;
    }
    return true;
}

// mkdir -p for the directory part of `path`, new directories 0700.
Status make_parent_dirs(const std::string& path) {
    for (std::size_t slash = path.find('/', 1); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
        const std::string dir = path.substr(0, slash);
        if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
            return Status::failure("cannot create directory " + dir + ": " + errno_text());
    }
    return Status::success();
}

Status write_all(int fd, const std::string& data, const std::string& name) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return Status::failure("cannot write " + name + ": " + errno_text());
        done += static_cast<std::size_t>(n);
    }
    return Status::success();
}

}  // namespace

Status FileKeyValueStore::load() {
    values_.clear();
    struct stat info {};
    if (::stat(path_.c_str(), &info) != 0 && errno == ENOENT) return Status::success();
    std::ifstream in{path_};
    if (!in) return Status::failure("cannot read " + path_ + ": " + errno_text());
    std::string line, bad;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        const auto eq = line.find('=');
        std::string value;
        if (eq == std::string::npos || !is_key(line.substr(0, eq)) ||
            !unescape(line.substr(eq + 1), value)) {
            bad += (bad.empty() ? "" : ", ") + std::to_string(number);
            continue;
        }
        values_[line.substr(0, eq)] = value;
    }
    if (!bad.empty()) return Status::failure(path_ + ": skipped unreadable line(s) " + bad);
    return Status::success();
}

std::optional<std::string> FileKeyValueStore::get(const std::string& key) const {
    const auto it = values_.find(key);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

Status FileKeyValueStore::set(const std::string& key, const std::string& value) {
    if (!is_key(key)) return Status::failure("bad settings key '" + key + "'");
    values_[key] = value;
    return Status::success();
}

Status FileKeyValueStore::erase(const std::string& key) {
    values_.erase(key);
    return Status::success();
}

Status FileKeyValueStore::commit() {
    if (Status made = make_parent_dirs(path_); !made) return made;
    std::ostringstream text;
    text << "# camstream camera settings: key=value, one a line. Written by mock-camera; see "
            "src/camera/README.md.\n";
    for (const auto& [key, value] : values_) text << key << '=' << escape(value) << '\n';

    // Beside the target, so the rename stays within one file system; the pid
    // keeps two processes sharing a state file from writing the same temporary.
    const std::string temporary = path_ + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Status::failure("cannot create " + temporary + ": " + errno_text());
    Status written = write_all(fd, text.str(), temporary);
    if (written && ::fsync(fd) != 0)
        written = Status::failure("cannot sync " + temporary + ": " + errno_text());
    ::close(fd);
    if (written && ::rename(temporary.c_str(), path_.c_str()) != 0)
        written = Status::failure("cannot replace " + path_ + ": " + errno_text());
    if (!written) ::unlink(temporary.c_str());
    return written;
}

}  // namespace camstream::camera
