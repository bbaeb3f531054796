#include "ws_client_transport.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "camera/core/send_outcome.hpp"
#include "esp_crt_bundle.h"
#include "esp_log.h"

namespace camstream::firmware {
namespace {

constexpr const char* kTag = "ws";

#if CAMSTREAM_SERVER_CA_PEM
// CONFIG_CAMSTREAM_TLS_CA_FILE, built in by main/CMakeLists.txt (TEXT: NUL-terminated).
extern const char server_ca_pem_start[] asm("_binary_server_ca_pem_start");
#endif

// Event group bits, set from the client's task.
constexpr EventBits_t kOpened = 1 << 0;  // WEBSOCKET_EVENT_CONNECTED
constexpr EventBits_t kEnded = 1 << 1;   // disconnected, closed, or its task finished

// WEBSOCKET_EVENT_DATA's op_code for a text frame (RFC 6455).
constexpr std::uint8_t kTextOpcode = 0x1;

// How long close() may wait to hand the close frame to the socket.
constexpr TickType_t kCloseWait = pdMS_TO_TICKS(500);
// Close frame payload: status 1000 (normal closure), big-endian.
constexpr std::uint8_t kNormalClosure[2] = {0x03, 0xE8};

TickType_t to_ticks(std::chrono::milliseconds d) {
    const auto ticks = pdMS_TO_TICKS(static_cast<std::uint32_t>(std::max<long long>(d.count(), 0)));
    return ticks > 0 ? ticks : 1;
}

}  // namespace

using camera::Status;

WsClientTransport::WsClientTransport() : events_{xEventGroupCreate()} {}

WsClientTransport::~WsClientTransport() {
    close();
    if (events_ != nullptr) vEventGroupDelete(events_);
}

void WsClientTransport::on_event(void* self, esp_event_base_t /*base*/, std::int32_t id,
                                 void* data) {
    auto& t = *static_cast<WsClientTransport*>(self);
    const auto* event = static_cast<const esp_websocket_event_data_t*>(data);
    switch (id) {
        case WEBSOCKET_EVENT_CONNECTED:
            xEventGroupSetBits(t.events_, kOpened);
            break;
        case WEBSOCKET_EVENT_ERROR:
        case WEBSOCKET_EVENT_DISCONNECTED:
            // Keep the first cause: the socket's errno, or the HTTP status of
            // a refused upgrade (e.g. 404 for a wrong path).
            if (event != nullptr) {
                const auto& e = event->error_handle;
                if (e.esp_transport_sock_errno != 0 && t.socket_errno_.load() == 0)
                    t.socket_errno_ = e.esp_transport_sock_errno;
                if (e.esp_ws_handshake_status_code >= 100 && t.http_status_.load() == 0)
                    t.http_status_ = e.esp_ws_handshake_status_code;
            }
            if (id == WEBSOCKET_EVENT_DISCONNECTED) xEventGroupSetBits(t.events_, kEnded);
            break;
        case WEBSOCKET_EVENT_CLOSED:
        case WEBSOCKET_EVENT_FINISH:
            xEventGroupSetBits(t.events_, kEnded);
            break;
        case WEBSOCKET_EVENT_DATA:
            // Only whole text messages in one event (opcode 1, FIN, nothing
            // before or after this chunk): the server's requests are a few
            // dozen bytes. Binary, continuation, ping/pong and close frames,
            // and anything split over events, are not for the core.
            if (event != nullptr && event->op_code == kTextOpcode && event->fin &&
                event->payload_offset == 0 && event->data_len == event->payload_len &&
                event->data_len <= kMaxTextSize)
                t.queue_text(event->data_ptr, event->data_len);
            break;
        default:
            break;
    }
}

void WsClientTransport::queue_text(const char* data, int size) {
    std::lock_guard<std::mutex> lock{texts_mutex_};
    if (texts_.size() == kMaxQueuedTexts) texts_.pop_front();
    texts_.emplace_back(data != nullptr ? data : "", data != nullptr ? size : 0);
}

bool WsClientTransport::poll_text(std::string& text) {
    std::lock_guard<std::mutex> lock{texts_mutex_};
    if (texts_.empty()) return false;
    text = std::move(texts_.front());
    texts_.pop_front();
    return true;
}

Status WsClientTransport::connect(const std::string& url, std::chrono::milliseconds timeout) {
    // Never two clients: the previous one's task ends before a new one starts.
    destroy_client();
    {
        // Messages belong to their connection; the old client's task is gone.
        std::lock_guard<std::mutex> lock{texts_mutex_};
        texts_.clear();
    }
    if (events_ == nullptr) return Status::failure("out of memory for the WebSocket client");
    url_ = url;
    socket_errno_ = 0;
    http_status_ = 0;
    xEventGroupClearBits(events_, kOpened | kEnded);

    esp_websocket_client_config_t config{};
    config.uri = url.c_str();  // copied by esp_websocket_client_init
    // The core's state machine reconnects (with backoff); the client must not.
    config.disable_auto_reconnect = true;
    config.buffer_size = kBufferSize;
    // Bounds the TCP connect and the upgrade handshake; esp-tls also sets it
    // as the socket's SO_SNDTIMEO, the hard limit on a send that stalls
    // mid-frame (see send_binary).
    config.network_timeout_ms = static_cast<int>(timeout.count());
    // wss://: esp-tls checks the server's certificate chain and host name against the CA
    // built in from CONFIG_CAMSTREAM_TLS_CA_FILE, or else the ESP-IDF certificate bundle.
    if (url.rfind("wss://", 0) == 0) {
#if CAMSTREAM_SERVER_CA_PEM
        config.cert_pem = server_ca_pem_start;
#else
        config.crt_bundle_attach = esp_crt_bundle_attach;
#endif
    }

    client_ = esp_websocket_client_init(&config);
    if (client_ == nullptr) return Status::failure("cannot set up a WebSocket client for " + url);
    esp_websocket_register_events(client_, WEBSOCKET_EVENT_ANY, &WsClientTransport::on_event, this);
    if (esp_websocket_client_start(client_) != ESP_OK) {
        destroy_client();
        return Status::failure("cannot start the WebSocket client for " + url);
    }

    const EventBits_t bits =
        xEventGroupWaitBits(events_, kOpened | kEnded, pdFALSE, pdFALSE, to_ticks(timeout));
    if ((bits & kOpened) != 0 && esp_websocket_client_is_connected(client_)) {
        ESP_LOGI(kTag, "open: %s", url.c_str());
        return Status::success();
    }
    const bool timed_out = (bits & (kOpened | kEnded)) == 0;
    std::string why =
        timed_out ? "no answer from " + url + " within " + std::to_string(timeout.count()) + " ms"
                  : why_not_connected();
    destroy_client();  // may wait for the client's task to give up its connect
    return Status::failure(std::move(why));
}

std::string WsClientTransport::why_not_connected() const {
    if (const int status = http_status_.load(); status != 0 && status != 101)
        return url_ + " refused the WebSocket upgrade (HTTP " + std::to_string(status) + ")";
    if (const int err = socket_errno_.load(); err != 0)
        return "cannot connect to " + url_ + ": " + std::strerror(err);
    return "cannot connect to " + url_;
}

bool WsClientTransport::is_connected() const {
    return client_ != nullptr && esp_websocket_client_is_connected(client_);
}

Status WsClientTransport::send_binary(const std::uint8_t* data, std::size_t size,
                                      std::chrono::milliseconds timeout) {
    if (!is_connected()) return Status::failure("not connected to " + url_);
    // esp_websocket_client_send_bin applies its timeout to the client's lock
    // (held by its task while it sends a PING or handles a state change) and
    // to the socket write of each buffer-sized chunk: share the budget out
    // among the chunks. A write
    // that blocks after the socket said it was writable is cut off by
    // SO_SNDTIMEO (network_timeout_ms, see connect).
    const std::size_t chunks = std::max<std::size_t>(1, (size + kBufferSize - 1) / kBufferSize);
    const TickType_t per_chunk = std::max<TickType_t>(1, to_ticks(timeout) / chunks);
    const int sent = esp_websocket_client_send_bin(client_, reinterpret_cast<const char*>(data),
                                                   static_cast<int>(size), per_chunk);
    switch (camera::classify_send(sent, size, esp_websocket_client_is_connected(client_))) {
        case camera::SendOutcome::kSent:
            return Status::success();
        case camera::SendOutcome::kNotSent:
            // The client returned before writing (its task held the lock, e.g.
            // sending a PING, for the whole chunk budget): the stream is
            // intact and only this frame is lost; the core carries on.
            return Status::failure("the WebSocket client was busy for " +
                                   std::to_string(timeout.count() / chunks) +
                                   " ms; a " + std::to_string(size) + "-byte frame not sent");
        case camera::SendOutcome::kConnectionLost:
            break;
    }
    // A half-sent message cannot be taken back: the client has already
    // aborted the connection on a write error; make sure it is gone.
    destroy_client();
    return Status::failure("sending a " + std::to_string(size) + "-byte frame to " + url_ +
                           " failed or took over " + std::to_string(timeout.count()) + " ms");
}

void WsClientTransport::close() {
    if (client_ == nullptr) return;
    // A close frame (1000) with a bounded wait, then the client goes. Not
    // esp_websocket_client_close(): it writes its close frame without a
    // timeout, and a stalled link would hold the stream task there.
    if (esp_websocket_client_is_connected(client_))
        esp_websocket_client_send_with_opcode(client_, WS_TRANSPORT_OPCODES_CLOSE, kNormalClosure,
                                              sizeof kNormalClosure, kCloseWait);
    destroy_client();
}

void WsClientTransport::destroy_client() {
    if (client_ == nullptr) return;
    // Waits for the client's task to end (esp_websocket_client >= 1.7), which
    // may take up to network_timeout_ms if it is inside a connect.
    esp_websocket_client_destroy(client_);
    client_ = nullptr;
}

}  // namespace camstream::firmware
