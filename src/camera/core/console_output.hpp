#pragma once

#include <string>
#include <string_view>

namespace camstream::camera {

// Where console commands print: stdout on both platforms in practice
// (FileConsoleOutput), a string in the tests (StringConsoleOutput). The core
// writes whole lines, so the text is the same wherever it lands.
class ConsoleOutput {
public:
    virtual ~ConsoleOutput() = default;
    virtual void write(std::string_view text) = 0;

    void line(std::string_view text) {
        write(text);
        write("\n");
    }
};

}  // namespace camstream::camera
