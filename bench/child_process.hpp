#pragma once
// Starting and stopping the processes a benchmark measures (camstream-server, ffmpeg): spawn
// with pipes, the server's "listening" line, and reaping by pid (never by name).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace camstream::bench {

struct Child {
    pid_t pid = -1;
    int stdin_fd = -1;   // ours: write end of the child's stdin
    int stdout_fd = -1;  // ours: read end of the child's stdout
};

// Starts argv[0] (searched in PATH) with optional pipes on stdin/stdout and stderr on err_fd.
inline Child spawn(const std::vector<std::string>& argv, bool pipe_stdin, bool pipe_stdout,
                   int err_fd) {
    int in[2] = {-1, -1};
    int out[2] = {-1, -1};
    if (pipe_stdin && pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    if (pipe_stdout && pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (pipe_stdin) posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    if (pipe_stdout) posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    if (err_fd >= 0 && err_fd != 2) posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    Child child;
    const int rc = posix_spawnp(&child.pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (pipe_stdin) close(in[0]);
    if (pipe_stdout) close(out[1]);
    if (rc != 0) {
        if (pipe_stdin) close(in[1]);
        if (pipe_stdout) close(out[0]);
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    }
    child.stdin_fd = in[1];
    child.stdout_fd = out[0];
    return child;
}

// The log a child's stderr is appended to (-1 if it cannot be opened: the child then writes
// to ours).
inline int open_log(const std::string& path) {
    return open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

// Reaps our child, killing it (by its pid) if it has not exited within `timeout`; `who` names
// it in the message that says so. Returns its resource usage (CPU of the whole run).
inline rusage reap(pid_t pid, std::chrono::milliseconds timeout, const std::string& who) {
    rusage usage{};
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const pid_t r = wait4(pid, &status, WNOHANG, &usage);
        if (r == pid) return usage;
        if (r < 0) throw std::runtime_error("wait4 failed");
        if (std::chrono::steady_clock::now() > deadline) {
            std::fprintf(stderr, "%s pid %d did not exit, killing it\n", who.c_str(), pid);
            kill(pid, SIGKILL);
            wait4(pid, &status, 0, &usage);
            return usage;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

// Asks our child to stop (SIGTERM) and reaps it, SIGKILL after 5 s.
inline rusage stop_and_reap(pid_t pid, const std::string& who) {
    kill(pid, SIGTERM);
    return reap(pid, std::chrono::seconds(5), who);
}

// Reads camstream-server's first stdout line, "camstream-server listening: http=P camera=Q",
// and returns P. `name` and `log` say in the error which server and where its log is.
inline std::uint16_t read_http_port(int fd, const std::string& name = "camstream-server",
                                    const std::string& log = "its log") {
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (text.find('\n') == std::string::npos) {
        pollfd p{fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0)
            throw std::runtime_error(name + " printed no listening line within 10 s");
        char buf[512];
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) throw std::runtime_error(name + " exited at start-up (see " + log + ")");
        text.append(buf, static_cast<std::size_t>(n));
    }
    const auto at = text.find("http=");
    if (at == std::string::npos) throw std::runtime_error("unexpected first line: " + text);
    return static_cast<std::uint16_t>(std::stoi(text.substr(at + 5)));
}

}  // namespace camstream::bench
