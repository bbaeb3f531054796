#include "nvs_key_value_store.hpp"

#include <cstring>

#include "esp_err.h"
#include "nvs_flash.h"

namespace camstream::firmware {

using camera::Status;

Status init_nvs_flash() {
    esp_err_t err = nvs_flash_init();
    if (err == ESP_ERR_NVS_NO_FREE_PAGES || err == ESP_ERR_NVS_NEW_VERSION_FOUND) {
        // Saved settings are lost; the camera comes up on its Kconfig defaults.
        if (esp_err_t erased = nvs_flash_erase(); erased != ESP_OK)
            return Status::failure(std::string{"nvs_flash_erase: "} + esp_err_to_name(erased));
        err = nvs_flash_init();
    }
    if (err != ESP_OK) return Status::failure(std::string{"nvs_flash_init: "} + esp_err_to_name(err));
    return Status::success();
}

NvsKeyValueStore::~NvsKeyValueStore() {
    if (open_) nvs_close(handle_);
}

Status NvsKeyValueStore::open() {
    if (open_) return Status::success();
    const esp_err_t err = nvs_open(namespace_, NVS_READWRITE, &handle_);
    if (err != ESP_OK)
        return Status::failure(std::string{"nvs_open("} + namespace_ + "): " + esp_err_to_name(err));
    open_ = true;
    return Status::success();
}

Status NvsKeyValueStore::failure(const char* what, const std::string& key, esp_err_t err) const {
    return Status::failure(std::string{what} + "(" + namespace_ + "/" + key +
                           "): " + esp_err_to_name(err));
}

std::optional<std::string> NvsKeyValueStore::get(const std::string& key) const {
    if (!open_) return std::nullopt;
    // Two calls: the first asks for the length (terminating NUL included).
    size_t length = 0;
    if (nvs_get_str(handle_, key.c_str(), nullptr, &length) != ESP_OK || length == 0)
        return std::nullopt;
    std::string value(length, '\0');
    if (nvs_get_str(handle_, key.c_str(), value.data(), &length) != ESP_OK) return std::nullopt;
    value.resize(std::strlen(value.c_str()));  // drop the NUL
    return value;
}

Status NvsKeyValueStore::set(const std::string& key, const std::string& value) {
    if (!open_) return Status::failure(std::string{"NVS namespace "} + namespace_ + " is not open");
    if (esp_err_t err = nvs_set_str(handle_, key.c_str(), value.c_str()); err != ESP_OK)
        return failure("nvs_set_str", key, err);
    return Status::success();
}

Status NvsKeyValueStore::erase(const std::string& key) {
    if (!open_) return Status::failure(std::string{"NVS namespace "} + namespace_ + " is not open");
    const esp_err_t err = nvs_erase_key(handle_, key.c_str());
    if (err != ESP_OK && err != ESP_ERR_NVS_NOT_FOUND) return failure("nvs_erase_key", key, err);
    return Status::success();
}

Status NvsKeyValueStore::commit() {
    if (!open_) return Status::failure(std::string{"NVS namespace "} + namespace_ + " is not open");
    if (esp_err_t err = nvs_commit(handle_); err != ESP_OK)
        return Status::failure(std::string{"nvs_commit("} + namespace_ + "): " + esp_err_to_name(err));
    return Status::success();
}

}  // namespace camstream::firmware
