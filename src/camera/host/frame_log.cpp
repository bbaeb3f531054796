#include "camera/host/frame_log.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace camstream::camera {

FrameLog::FrameLog(const std::string& path) : file_{std::fopen(path.c_str(), "w")} {
    if (!file_)
        throw std::runtime_error(
            fmt::format("cannot write frame log {}: {}", path, std::strerror(errno)));
}

std::string FrameLog::line(std::uint64_t frame_number, std::chrono::system_clock::time_point sent) {
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(sent.time_since_epoch()).count();
    return fmt::format("{} {}.{:03}\n", frame_number, us / 1000, us % 1000);
}

void FrameLog::record(std::uint64_t frame_number, std::chrono::system_clock::time_point sent) {
    const std::string text = line(frame_number, sent);
    std::fwrite(text.data(), 1, text.size(), file_.get());
    std::fflush(file_.get());
}

}  // namespace camstream::camera
