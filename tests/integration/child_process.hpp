#pragma once
// A program the test starts for real: stdout is read line by line, stderr (the log) goes to a
// file the test can search; stdin is the test's own unless Stdin::kPipe gives the test a pipe
// to type into. Stopped by its PID, never by name.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace camstream::test {

class ChildProcess {
public:
    enum class Stdin { kInherit, kPipe };

    ChildProcess(const std::string& program, const std::vector<std::string>& args,
                 Stdin stdin_mode = Stdin::kInherit);
    ~ChildProcess();  // SIGKILL if still running
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }

    // The groups (0: whole match) of the first match of `pattern` in the stdout lines not
    // yet consumed; nullopt at timeout or EOF.
    std::optional<std::vector<std::string>> wait_for_line(const std::regex& pattern,
                                                          std::chrono::milliseconds timeout);
    // Everything the program logged so far.
    std::string log() const;

    // With Stdin::kPipe: writes `text` to the program's stdin; false if the pipe is closed or
    // the program has gone (no SIGPIPE reaches the test).
    bool write_stdin(const std::string& text);
    // The program then reads end of input.
    void close_stdin();

    // SIGTERM, then wait; returns the exit code (or 128+signal), nullopt if it did not exit
    // in time (then it is killed).
    std::optional<int> stop(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    std::optional<int> wait(std::chrono::milliseconds timeout);
    bool running();
    long rss_kib() const;  // resident memory, from /proc

private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    int stdin_fd_ = -1;  // the write end, with Stdin::kPipe
    std::string log_path_;
    std::string pending_;
    std::vector<std::string> lines_;
    std::optional<int> exit_code_;
};

}  // namespace camstream::test
