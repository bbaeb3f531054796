#pragma once

#include <map>
#include <optional>
#include <string>

#include "camera/core/key_value_store.hpp"

namespace camstream::camera {

// A KeyValueStore in a small text file: mock-camera's stand-in for NVS.
// Linux only (POSIX file calls).
//
// Format: one `key=value` a line; blank lines and lines starting with '#' are
// ignored; in values, \\ \n and \r stand for a backslash, newline and carriage
// return. commit() writes the whole file to a temporary beside it, fsyncs it
// and renames it over the old one, so a crash leaves the old settings or the
// new ones, never half a file. The file is created 0600 (it can hold the WiFi
// password) and its directory 0700 if missing.
class FileKeyValueStore final : public KeyValueStore {
public:
    explicit FileKeyValueStore(std::string path) : path_{std::move(path)} {}

    // Reads the file. A missing file is an empty store. Lines it cannot read
    // are skipped and named in the failure message, while the rest loads.
    Status load();

    std::optional<std::string> get(const std::string& key) const override;
    // Keys are 1-15 of [A-Za-z0-9_.-].
    Status set(const std::string& key, const std::string& value) override;
    Status erase(const std::string& key) override;
    Status commit() override;

private:
    std::string path_;
    std::map<std::string, std::string> values_;
};

}  // namespace camstream::camera
