#include "camera_power.hpp"

#include <cstdio>

#include "atoms3r_cam_pins.hpp"
#include "driver/gpio.h"
#include "esp_err.h"
#include "esp_timer.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

namespace camstream::firmware {
namespace {

constexpr gpio_num_t kPin = static_cast<gpio_num_t>(atoms3r_cam::kPinCameraPower);
// Active LOW: driving the pin low switches the sensor's supply on.
constexpr std::uint32_t kLevelOn = 0;
constexpr std::uint32_t kLevelOff = 1;

}  // namespace

using camera::Status;

Status CameraPower::init() {
    gpio_config_t config{};
    config.pin_bit_mask = 1ULL << atoms3r_cam::kPinCameraPower;
    config.mode = GPIO_MODE_INPUT_OUTPUT;  // output, with the input kept so gpio_get_level reads back
    config.pull_up_en = GPIO_PULLUP_DISABLE;
    config.pull_down_en = GPIO_PULLDOWN_DISABLE;
    config.intr_type = GPIO_INTR_DISABLE;
    // Set the level before the pin becomes an output, so the camera does not blink on.
    gpio_set_level(kPin, kLevelOff);
    if (esp_err_t err = gpio_config(&config); err != ESP_OK)
        return Status::failure(std::string{"camera power GPIO18: "} + esp_err_to_name(err));
    gpio_set_level(kPin, kLevelOff);
    on_since_us_ = 0;
    initialized_ = true;
    return Status::success();
}

Status CameraPower::set(bool on) {
    if (!initialized_) return Status::failure("camera power GPIO18 is not configured");
    if (esp_err_t err = gpio_set_level(kPin, on ? kLevelOn : kLevelOff); err != ESP_OK)
        return Status::failure(std::string{"gpio_set_level(18): "} + esp_err_to_name(err));
    if (!on)
        on_since_us_ = 0;
    else if (on_since_us_.load() == 0)
        on_since_us_ = esp_timer_get_time();  // keep the first switch-on time if already on
    return Status::success();
}

bool CameraPower::wait_until_settled() const {
    const std::int64_t since = on_since_us_.load();
    if (since == 0) return false;
    const std::int64_t settled_at = since + atoms3r_cam::kPowerSettleMs * 1000LL;
    const std::int64_t left_us = settled_at - esp_timer_get_time();
    if (left_us > 0) vTaskDelay(pdMS_TO_TICKS(left_us / 1000 + 1));
    return is_on();
}

std::string CameraPower::describe() const {
    if (!initialized_) return "camera power: GPIO18 not configured";
    const int level = gpio_get_level(kPin);
    const std::int64_t since = on_since_us_.load();
    char text[160];
    if (since != 0) {
        std::snprintf(text, sizeof text,
                      "camera power: GPIO18 (active low) level=%d -> on for %lld ms (settle %d ms)",
                      level, static_cast<long long>((esp_timer_get_time() - since) / 1000),
                      atoms3r_cam::kPowerSettleMs);
    } else {
        std::snprintf(text, sizeof text, "camera power: GPIO18 (active low) level=%d -> off",
                      level);
    }
    return text;
}

}  // namespace camstream::firmware
