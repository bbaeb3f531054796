#include "camera/host/termination_signals.hpp"

#include <pthread.h>

#include <cstdlib>
#include <utility>

namespace camstream::camera {

TerminationSignals::TerminationSignals(std::function<void(int)> on_signal)
    : on_signal_{std::move(on_signal)} {
    sigemptyset(&signals_);
    sigaddset(&signals_, SIGINT);
    sigaddset(&signals_, SIGTERM);
    // A shell starts background jobs (`mock-camera &` in a script) with SIGINT
    // ignored, and an ignored signal is dropped before sigwait() can see it.
    // Scripts do stop us with SIGINT, so take it back with a handler; it never
    // runs, since the signals stay blocked and sigwait() collects them.
    struct sigaction action {};
    action.sa_handler = [](int) {};
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_int_);
    sigaction(SIGTERM, &action, &previous_term_);
    pthread_sigmask(SIG_BLOCK, &signals_, &previous_mask_);
    watcher_ = std::thread{[this] { watch(); }};
}

TerminationSignals::~TerminationSignals() {
    closing_ = true;
    // Wake the watcher with a signal it waits for; closing_ tells it to leave.
    pthread_kill(watcher_.native_handle(), SIGTERM);
    watcher_.join();
    pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
}

const char* TerminationSignals::name(int signo) {
    switch (signo) {
        case SIGINT:
            return "SIGINT";
        case SIGTERM:
            return "SIGTERM";
        default:
            return "signal";
    }
}

void TerminationSignals::watch() {
    int count = 0;
    for (;;) {
        int signo = 0;
        if (sigwait(&signals_, &signo) != 0) continue;
        if (closing_) return;
        if (++count > 1) std::_Exit(128 + signo);
        if (on_signal_) on_signal_(signo);
    }
}

}  // namespace camstream::camera
