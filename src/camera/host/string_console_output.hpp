#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "camera/core/console_output.hpp"

namespace camstream::camera {

// Collects everything written, for the tests (and for a glue that forwards
// output somewhere other than stdout).
class StringConsoleOutput final : public ConsoleOutput {
public:
    void write(std::string_view text) override { text_.append(text.data(), text.size()); }
    const std::string& text() const { return text_; }
    // The text so far, then empties it.
    std::string take() {
        std::string t = std::move(text_);
        text_.clear();
        return t;
    }

private:
    std::string text_;
};

}  // namespace camstream::camera
