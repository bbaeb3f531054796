#pragma once

#include <atomic>
#include <string>

#include "camera/core/console.hpp"
#include "camera/core/console_output.hpp"

namespace camstream::camera {

// mock-camera's read-eval-print loop: lines from a file descriptor (stdin)
// into the Console, answers to `out`. The device uses esp_console's REPL
// instead; this is Linux only (poll, pipe).
//
// run() ends at end of input (Ctrl-D, or the writer of a pipe closing it) or
// when interrupt() is called from another thread, e.g. on SIGTERM.
class StdioRepl {
public:
    enum class End { kEndOfInput, kInterrupted };

    // `prompt` is printed before each line; pass "" when the input is not a
    // terminal, so scripted sessions read only answers.
    StdioRepl(Console& console, int input_fd, ConsoleOutput& out, std::string prompt);
    ~StdioRepl();
    StdioRepl(const StdioRepl&) = delete;
    StdioRepl& operator=(const StdioRepl&) = delete;

    End run();
    // Thread-safe (only write(2) on a pipe).
    void interrupt();

private:
    // The next line without its newline; false at end of input or interrupt.
    bool read_line(std::string& line);

    Console& console_;
    int input_fd_;
    ConsoleOutput& out_;
    std::string prompt_;
    int wake_[2] = {-1, -1};
    std::atomic<bool> interrupted_{false};
    std::string pending_;
};

}  // namespace camstream::camera
