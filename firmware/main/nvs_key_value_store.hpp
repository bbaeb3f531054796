#pragma once

#include <optional>
#include <string>

#include "camera/core/key_value_store.hpp"
#include "camera/core/status.hpp"
#include "nvs.h"

namespace camstream::firmware {

// The core's KeyValueStore in one NVS namespace. nvs_flash_init() must have
// run first (app_main does it). If the namespace cannot be opened the store
// reads as empty and refuses writes: the camera still boots on its defaults.
class NvsKeyValueStore final : public camera::KeyValueStore {
public:
    explicit NvsKeyValueStore(const char* name_space) : namespace_{name_space} {}
    ~NvsKeyValueStore() override;
    NvsKeyValueStore(const NvsKeyValueStore&) = delete;
    NvsKeyValueStore& operator=(const NvsKeyValueStore&) = delete;

    camera::Status open();

    std::optional<std::string> get(const std::string& key) const override;
    camera::Status set(const std::string& key, const std::string& value) override;
    camera::Status erase(const std::string& key) override;
    camera::Status commit() override;

private:
    camera::Status failure(const char* what, const std::string& key, esp_err_t err) const;

    const char* namespace_;
    nvs_handle_t handle_ = 0;
    bool open_ = false;
};

// nvs_flash_init(), erasing and retrying once when the partition is full or
// was written by a newer NVS format (ESP-IDF's documented recovery).
camera::Status init_nvs_flash();

}  // namespace camstream::firmware
