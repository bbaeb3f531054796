#pragma once
// Where the web client is when no --web-root is given: next to the installed binary
// (<prefix>/bin/camstream-server → <prefix>/share/camstream/web), so an installed server moved
// to another prefix still finds it; else the source tree it was built from, for a build
// directory.
#include <filesystem>
#include <string>

namespace camstream::server {

// `executable` is the running binary's path; `installed_relative` the web root relative to its
// directory; `source_tree` the fallback. Returns the first that is a directory (or the fallback).
std::string default_web_root(const std::filesystem::path& executable,
                             const std::filesystem::path& installed_relative,
                             const std::string& source_tree);

// The running binary's path (/proc/self/exe), empty if unknown.
std::filesystem::path running_executable();

}  // namespace camstream::server
