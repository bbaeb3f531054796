#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include "camera/core/status.hpp"
#include "camera/core/transport.hpp"
#include "esp_event.h"
#include "esp_websocket_client.h"
#include "freertos/FreeRTOS.h"
#include "freertos/event_groups.h"

namespace camstream::firmware {

// The core's Transport on esp_websocket_client, one client per connection:
// connect() creates and starts a client and waits (up to its timeout) until
// the WebSocket is open or the attempt has failed; close() and the next
// connect() destroy it, which waits for the client's task to end. So a
// connect never starts while another is still in flight, and reconnecting is
// the core state machine's job alone (the client's auto-reconnect is off).
//
// Called from the stream task only; the client's own task reports through
// the event handler (an event group, atomics, and a small mutex-guarded
// queue of the server's text messages that poll_text drains).
class WsClientTransport final : public camera::Transport {
public:
    WsClientTransport();
    ~WsClientTransport() override;
    WsClientTransport(const WsClientTransport&) = delete;
    WsClientTransport& operator=(const WsClientTransport&) = delete;

    camera::Status connect(const std::string& url, std::chrono::milliseconds timeout) override;
    bool is_connected() const override;
    camera::Status send_binary(const std::uint8_t* data, std::size_t size,
                               std::chrono::milliseconds timeout) override;
    void close() override;
    bool poll_text(std::string& text) override;

    // The client's receive and send buffers, each this size, malloc()ed from
    // internal RAM at every connect (at or below the PSRAM threshold). A frame
    // goes out in chunks of this size, each a WebSocket fragment and a socket
    // write; lwIP copies each into its own buffers anyway, so small chunks
    // cost a few header bytes, not speed, and a reconnect takes 8 KiB of
    // internal RAM instead of 32.
    static constexpr int kBufferSize = 4 * 1024;
    // Server text messages: longer ones are not for us; past the count the
    // oldest go (the newest pace wins).
    static constexpr int kMaxTextSize = 256;
    static constexpr std::size_t kMaxQueuedTexts = 4;

private:
    static void on_event(void* self, esp_event_base_t base, std::int32_t id, void* data);
    void destroy_client();
    void queue_text(const char* data, int size);
    std::string why_not_connected() const;

    esp_websocket_client_handle_t client_ = nullptr;
    EventGroupHandle_t events_ = nullptr;
    std::string url_;

    // Written by the client's task in on_event.
    std::atomic<int> socket_errno_{0};
    std::atomic<int> http_status_{0};
    std::mutex texts_mutex_;
    std::deque<std::string> texts_;  // guarded by texts_mutex_
};

}  // namespace camstream::firmware
