#pragma once

#include <string>

namespace camstream::camera {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Where the core's log lines go: spdlog on Linux (SpdlogLogSink), ESP_LOGx on
// the device. The core only ever hands over finished one-line messages, so
// neither side needs the other's formatting library.
class LogSink {
public:
    virtual ~LogSink() = default;
    virtual void log(LogLevel level, const std::string& message) = 0;

    void info(const std::string& message) { log(LogLevel::kInfo, message); }
    void warn(const std::string& message) { log(LogLevel::kWarn, message); }
    void error(const std::string& message) { log(LogLevel::kError, message); }
};

}  // namespace camstream::camera
