#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace camstream::camera {

// Turns SIGINT/SIGTERM into a call of `on_signal(signo)` on an ordinary
// thread, where it may lock mutexes and notify condition variables (a signal
// handler may do neither). A second signal exits at once with 128+signo, for
// when a clean stop hangs. POSIX only: the firmware has no signals.
//
// Construct it in main() before starting any other thread: it blocks the
// signals in the calling thread, and threads inherit that mask.
class TerminationSignals {
public:
    explicit TerminationSignals(std::function<void(int)> on_signal);
    ~TerminationSignals();
    TerminationSignals(const TerminationSignals&) = delete;
    TerminationSignals& operator=(const TerminationSignals&) = delete;

    static const char* name(int signo);

private:
    void watch();

    std::function<void(int)> on_signal_;
    sigset_t signals_{};
    sigset_t previous_mask_{};
    struct sigaction previous_int_ {};
    struct sigaction previous_term_ {};
    std::atomic<bool> closing_{false};
    std::thread watcher_;
};

}  // namespace camstream::camera
