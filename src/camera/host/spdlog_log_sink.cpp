#include "camera/host/spdlog_log_sink.hpp"

#include <spdlog/spdlog.h>

namespace camstream::camera {

void SpdlogLogSink::log(LogLevel level, const std::string& message) {
    switch (level) {
        case LogLevel::kDebug:
            spdlog::debug("{}", message);
            break;
        case LogLevel::kInfo:
            spdlog::info("{}", message);
            break;
        case LogLevel::kWarn:
            spdlog::warn("{}", message);
            break;
        case LogLevel::kError:
            spdlog::error("{}", message);
            break;
    }
}

}  // namespace camstream::camera
