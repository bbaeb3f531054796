#include "stream_task.hpp"

#include <cstdint>

#include "esp_log.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"

namespace camstream::firmware {
namespace {

// The loop builds log lines and URLs with std::string, and the transport's
// connect and send run on this stack: 8 KiB leaves room.
constexpr std::uint32_t kStack = 8192;
// Above the capture task (4), so a frame ready to go is not held up by the
// next one being encoded; same as esp_websocket_client's own task (5).
constexpr UBaseType_t kPriority = 5;

void run(void* arg) {
    auto& loop = *static_cast<camera::StreamLoop*>(arg);
    loop.run();  // returns only after shutdown(), which the firmware never asks for
    ESP_LOGW("stream", "stream loop ended");
    vTaskDelete(nullptr);
}

}  // namespace

camera::Status start_stream_task(camera::StreamLoop& loop) {
    if (xTaskCreatePinnedToCore(&run, "stream", kStack, &loop, kPriority, nullptr,
                                tskNO_AFFINITY) != pdPASS)
        return camera::Status::failure("cannot create the stream task (out of memory)");
    return camera::Status::success();
}

}  // namespace camstream::firmware
