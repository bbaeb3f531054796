#pragma once

#include <optional>
#include <string>

#include "camera/core/status.hpp"

namespace camstream::camera {

// Durable string settings: NVS on the device (one namespace, nvs_get_str /
// nvs_set_str / nvs_erase_key / nvs_commit), a text file on Linux
// (FileKeyValueStore). Keys are short ASCII names of at most 15 characters,
// NVS's limit; SettingsStore uses [a-z_] only.
//
// Changes may be staged until commit(), which makes them durable at once or
// not at all as far as the platform allows (NVS commit, file rename).
class KeyValueStore {
public:
    virtual ~KeyValueStore() = default;

    // nullopt when the key is absent (or unreadable: the camera then runs on
    // its defaults rather than refusing to boot).
    virtual std::optional<std::string> get(const std::string& key) const = 0;
    virtual Status set(const std::string& key, const std::string& value) = 0;
    // Succeeds when the key is already absent.
    virtual Status erase(const std::string& key) = 0;
    virtual Status commit() = 0;
};

}  // namespace camstream::camera
