#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace camstream::test {

namespace {
std::string unique_log_path() {
    static int counter = 0;
    return "/tmp/camstream-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) +
           ".log";
}
}  // namespace

ChildProcess::ChildProcess(const std::string& program, const std::vector<std::string>& args,
                           Stdin stdin_mode)
    : log_path_(unique_log_path()) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    // Close-on-exec: a program started later must not hold this pipe's write end, or this
    // program would never see end of input when the test closes it.
    int in[2] = {-1, -1};
    if (stdin_mode == Stdin::kPipe && ::pipe2(in, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
        if (in[0] >= 0) {
            ::dup2(in[0], STDIN_FILENO);  // dup2 clears close-on-exec on the copy
            ::close(in[0]);
            ::close(in[1]);
        }
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(log_fd, STDERR_FILENO);
        ::close(out[0]);
        ::close(out[1]);
        ::close(log_fd);
        ::execv(program.c_str(), argv.data());
        ::_exit(127);
    }
    ::close(out[1]);
    ::close(log_fd);
    stdout_fd_ = out[0];
    if (in[0] >= 0) {
        ::close(in[0]);
        stdin_fd_ = in[1];
    }
    if (pid_ < 0) throw std::runtime_error("fork failed");
}

ChildProcess::~ChildProcess() {
    if (!exit_code_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    close_stdin();
    ::unlink(log_path_.c_str());
}

bool ChildProcess::write_stdin(const std::string& text) {
    if (stdin_fd_ < 0) return false;
    // Writing to a pipe whose reader has exited raises SIGPIPE, which would kill the test:
    // block it for this thread, and swallow it if it came.
    sigset_t pipe_signal, old_mask;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    ::pthread_sigmask(SIG_BLOCK, &pipe_signal, &old_mask);
    bool ok = true;
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(stdin_fd_, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ok = false;
            if (errno == EPIPE) {
                const timespec no_wait{};
                ::sigtimedwait(&pipe_signal, nullptr, &no_wait);
            }
            break;
        }
        done += static_cast<std::size_t>(n);
    }
    ::pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
    return ok;
}

void ChildProcess::close_stdin() {
    if (stdin_fd_ >= 0) ::close(stdin_fd_);
    stdin_fd_ = -1;
}

std::optional<std::vector<std::string>> ChildProcess::wait_for_line(
    const std::regex& pattern, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::size_t next = 0;
    while (true) {
        for (; next < lines_.size(); ++next) {
            std::smatch match;
            if (std::regex_search(lines_[next], match, pattern)) {
                std::vector<std::string> groups(match.begin(), match.end());
                lines_.erase(lines_.begin(), lines_.begin() + static_cast<long>(next) + 1);
                return groups;
            }
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        pollfd p{stdout_fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
        char buffer[4096];
        const ssize_t n = ::read(stdout_fd_, buffer, sizeof buffer);
        if (n <= 0) return std::nullopt;
        pending_.append(buffer, static_cast<std::size_t>(n));
        std::size_t eol;
        while ((eol = pending_.find('\n')) != std::string::npos) {
            lines_.push_back(pending_.substr(0, eol));
            pending_.erase(0, eol + 1);
        }
    }
}

std::string ChildProcess::log() const {
    std::ifstream in(log_path_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

bool ChildProcess::running() {
    if (exit_code_) return false;
    return !wait(std::chrono::milliseconds(0));
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (exit_code_) return exit_code_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        int status = 0;
        const pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return exit_code_;
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

std::optional<int> ChildProcess::stop(std::chrono::milliseconds timeout) {
    if (exit_code_) return exit_code_;
    ::kill(pid_, SIGTERM);
    auto code = wait(timeout);
    if (!code) {
        ::kill(pid_, SIGKILL);
        wait(std::chrono::seconds(5));
        return std::nullopt;
    }
    return code;
}

long ChildProcess::rss_kib() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

}  // namespace camstream::test
