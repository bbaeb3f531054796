#pragma once

#include <string>
#include <vector>

#include "camera/core/log_sink.hpp"

namespace camstream::camera::testing {

// Keeps every line logged, for tests that check what the core says.
class RecordingLogSink final : public LogSink {
public:
    void log(LogLevel level, const std::string& message) override {
        lines.push_back({level, message});
    }

    bool contains(const std::string& part) const {
        for (const auto& l : lines)
            if (l.message.find(part) != std::string::npos) return true;
        return false;
    }

    struct Line {
        LogLevel level;
        std::string message;
    };
    std::vector<Line> lines;
};

}  // namespace camstream::camera::testing
