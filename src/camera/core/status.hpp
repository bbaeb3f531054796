#pragma once

#include <string>
#include <utility>

namespace camstream::camera {

// Outcome of an operation that can fail for reasons a person should read
// (server away, bad URL, encoder error). The camera core returns these
// instead of throwing so the same code builds for ESP-IDF, where C++
// exceptions are off by default.
class [[nodiscard]] Status {
public:
    static Status success() { return Status{}; }
    static Status failure(std::string message) { return Status{std::move(message)}; }

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    // Empty on success; one line, no trailing period, on failure.
    const std::string& message() const { return message_; }

private:
    Status() = default;
    explicit Status(std::string message) : failed_{true}, message_{std::move(message)} {}

    bool failed_ = false;
    std::string message_;
};

}  // namespace camstream::camera
