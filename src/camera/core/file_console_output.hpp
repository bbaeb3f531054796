#pragma once

#include <cstdio>
#include <string_view>

#include "camera/core/console_output.hpp"

namespace camstream::camera {

// Console output to a C stream: stdout in mock-camera and on the device,
// where esp_console's REPL has stdout on the USB Serial/JTAG port. Flushed at
// every line end so a reader on a pipe sees each answer at once.
class FileConsoleOutput final : public ConsoleOutput {
public:
    explicit FileConsoleOutput(std::FILE* file) : file_{file} {}

    void write(std::string_view text) override {
        std::fwrite(text.data(), 1, text.size(), file_);
        if (!text.empty() && text.back() == '\n') std::fflush(file_);
    }

private:
    std::FILE* file_;
};

}  // namespace camstream::camera
