#pragma once

#include <algorithm>
#include <deque>
#include <string>

#include "camera/core/transport.hpp"
#include "fake_clock.hpp"

namespace camstream::camera::testing {

// A scripted Transport for the state machine tests. With a FakeClock it can
// take time: each send advances the clock by `send_duration`, like a slow link.
class FakeTransport final : public Transport {
public:
    explicit FakeTransport(FakeClock* clock = nullptr) : clock_{clock} {}

    Status connect(const std::string& url, std::chrono::milliseconds timeout) override {
        ++connect_calls;
        last_url = url;
        last_connect_timeout = timeout;
        if (refuse_connects > 0) {
            --refuse_connects;
            return Status::failure("cannot connect to fake: connection refused");
        }
        texts.clear();  // messages belong to their connection
        // An asynchronous transport: open only once the test says so.
        if (async_connect)
            connecting = true;
        else
            connected = true;
        return Status::success();
    }
    void finish_connect() {
        connecting = false;
        connected = true;
    }

    Status send_binary(const std::uint8_t*, std::size_t size,
                       std::chrono::milliseconds timeout) override {
        if (!connected) return Status::failure("not connected");
        if (busy_sends > 0) {
            // Like a client whose lock its own task held for the whole budget.
            --busy_sends;
            ++unsent_calls;
            if (clock_) clock_->advance(timeout);
            return Status::failure("client busy (fake): nothing sent");
        }
        ++in_flight;
        max_in_flight = std::max(max_in_flight, in_flight);
        ++send_calls;
        last_send_timeout = timeout;
        if (clock_) clock_->advance(std::min<Clock::Duration>(send_duration, timeout));
        --in_flight;
        if (send_calls == fail_send_at || send_duration > timeout) {
            connected = false;
            return Status::failure(send_duration > timeout ? "send timed out (fake)"
                                                           : "connection reset (fake)");
        }
        ++frames;
        bytes += size;
        return Status::success();
    }

    bool poll_text(std::string& text) override {
        ++poll_calls;
        if (texts.empty()) return false;
        text = texts.front();
        texts.pop_front();
        return true;
    }
    // The server sends a text message (taken at the machine's next step).
    void server_sends(std::string text) { texts.push_back(std::move(text)); }

    bool is_connected() const override { return connected; }
    void close() override {
        ++close_calls;
        connected = connecting = false;
    }

    // Knobs.
    int refuse_connects = 0;  // this many connects fail first
    bool async_connect = false;
    int fail_send_at = 0;  // the n-th send (1-based) loses the connection
    int busy_sends = 0;    // the next this many sends fail having written nothing
    Clock::Duration send_duration{0};

    // What happened.
    int connect_calls = 0, send_calls = 0, close_calls = 0, poll_calls = 0, unsent_calls = 0;
    int in_flight = 0, max_in_flight = 0;
    std::uint64_t frames = 0, bytes = 0;
    bool connected = false, connecting = false;
    std::string last_url;
    std::deque<std::string> texts;  // sent by the "server", not yet taken
    std::chrono::milliseconds last_connect_timeout{0}, last_send_timeout{0};

private:
    FakeClock* clock_;
};

}  // namespace camstream::camera::testing
