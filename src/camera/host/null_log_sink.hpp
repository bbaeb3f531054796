#pragma once

#include <string>

#include "camera/core/log_sink.hpp"

namespace camstream::camera {

// Drops everything: for tests and for callers that do not care.
class NullLogSink final : public LogSink {
public:
    void log(LogLevel, const std::string&) override {}
};

}  // namespace camstream::camera
