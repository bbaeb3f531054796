#pragma once

// A WebSocket server on 127.0.0.1 for the transport and stream-loop tests:
// records every message it gets and can misbehave on request (close with a
// code after N messages, refuse the upgrade). Runs on its own thread.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace camstream::camera::testing {

class LoopbackWsServer {
public:
    struct Behavior {
        int close_after_messages = 0;  // 0 = never; else close each connection after this many
        std::uint16_t close_code = 4000;
        std::string close_reason = "replaced";
        bool refuse_upgrade = false;  // answer HTTP 404 instead of upgrading
        // Sent to each connection as soon as it is open: binary messages, then text ones.
        std::vector<std::string> texts_on_connect = {};
        std::vector<std::string> binaries_on_connect = {};
    };

    struct Message {
        int connection = 0;
        bool binary = false;
        std::vector<std::uint8_t> data;
        std::string target;  // the request path of its connection
    };

    LoopbackWsServer() : LoopbackWsServer(Behavior{}) {}
    explicit LoopbackWsServer(Behavior behavior);
    ~LoopbackWsServer();

    std::uint16_t port() const { return port_; }
    std::string url(const std::string& path = "/ws/camera") const;

    std::vector<Message> messages() const;
    int connections() const;
    // True once at least `n` messages arrived, false after `timeout`.
    bool wait_for_messages(std::size_t n, std::chrono::milliseconds timeout) const;
    // Sends a text message to every open connection (from any thread).
    void send_text(const std::string& text);

    // Called by sessions on the server thread.
    void record(Message m);
    int next_connection();
    const Behavior& behavior() const { return behavior_; }

private:
    struct Impl;
    Behavior behavior_;
    std::unique_ptr<Impl> impl_;
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    mutable std::condition_variable changed_;
    std::vector<Message> messages_;
    int connections_ = 0;
    std::thread thread_;
};

// A loopback port nothing listens on: bound, then closed.
std::uint16_t unused_loopback_port();

}  // namespace camstream::camera::testing
