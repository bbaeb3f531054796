#pragma once

#include <string>

#include "camera/core/log_sink.hpp"
#include "esp_log.h"

namespace camstream::firmware {

// The core's log lines through ESP_LOGx, so they carry the usual timestamp and
// colour on the USB Serial/JTAG console and obey `esp_log_level_set`.
class EspLogSink final : public camera::LogSink {
public:
    void log(camera::LogLevel level, const std::string& message) override {
        switch (level) {
            case camera::LogLevel::kDebug:
                ESP_LOGD(kTag, "%s", message.c_str());
                break;
            case camera::LogLevel::kInfo:
                ESP_LOGI(kTag, "%s", message.c_str());
                break;
            case camera::LogLevel::kWarn:
                ESP_LOGW(kTag, "%s", message.c_str());
                break;
            case camera::LogLevel::kError:
                ESP_LOGE(kTag, "%s", message.c_str());
                break;
        }
    }

private:
    static constexpr const char* kTag = "camstream";
};

}  // namespace camstream::firmware
