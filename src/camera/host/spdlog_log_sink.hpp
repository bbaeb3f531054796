#pragma once

#include <string>

#include "camera/core/log_sink.hpp"

namespace camstream::camera {

// The core's log lines into spdlog's default logger. Linux only: the portable
// core does not see spdlog (the device logs with ESP_LOGx instead).
class SpdlogLogSink final : public LogSink {
public:
    void log(LogLevel level, const std::string& message) override;
};

}  // namespace camstream::camera
