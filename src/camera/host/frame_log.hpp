#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace camstream::camera {

// A text file with one line per frame sent: "<frame number> <wall-clock time in ms since the
// Unix epoch, 3 decimals>". Each line is flushed as it is written, so another program can
// follow the file live and tell, for a frame number read off a screen, when that frame left.
class FrameLog {
public:
    // Creates or truncates `path`; throws std::runtime_error naming the path if it cannot.
    explicit FrameLog(const std::string& path);

    void record(std::uint64_t frame_number, std::chrono::system_clock::time_point sent);

    static std::string line(std::uint64_t frame_number, std::chrono::system_clock::time_point sent);

private:
    struct Close {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Close> file_;
};

}  // namespace camstream::camera
