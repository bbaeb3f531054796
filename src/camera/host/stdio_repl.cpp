#include "camera/host/stdio_repl.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <utility>

namespace camstream::camera {

StdioRepl::StdioRepl(Console& console, int input_fd, ConsoleOutput& out, std::string prompt)
    : console_{console}, input_fd_{input_fd}, out_{out}, prompt_{std::move(prompt)} {
    if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("pipe2 failed");
}

StdioRepl::~StdioRepl() {
    ::close(wake_[0]);
    ::close(wake_[1]);
}

void StdioRepl::interrupt() {
    interrupted_ = true;
    const char byte = 1;
    // The pipe is non-blocking and one byte is enough; a full pipe means a
    // wake-up is already pending.
    [[maybe_unused]] const ssize_t n = ::write(wake_[1], &byte, 1);
}

StdioRepl::End StdioRepl::run() {
    std::string line;
    for (;;) {
        if (!prompt_.empty()) out_.write(prompt_);
        if (!read_line(line)) break;
        console_.execute_line(line, out_);
    }
    if (!prompt_.empty()) out_.write("\n");  // end the last prompt's line
    return interrupted_ ? End::kInterrupted : End::kEndOfInput;
}

bool StdioRepl::read_line(std::string& line) {
    for (;;) {
        if (interrupted_) return false;
        if (const auto eol = pending_.find('\n'); eol != std::string::npos) {
            line = pending_.substr(0, eol);
            pending_.erase(0, eol + 1);
            return true;
        }
        pollfd fds[2] = {{input_fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (fds[1].revents != 0) return false;
        if (fds[0].revents == 0) continue;
        char buffer[4096];
        const ssize_t n = ::read(input_fd_, buffer, sizeof buffer);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) {
            // End of input: a last line without a newline still counts.
            if (pending_.empty()) return false;
            line = std::exchange(pending_, std::string{});
            return true;
        }
        pending_.append(buffer, static_cast<std::size_t>(n));
    }
}

}  // namespace camstream::camera
