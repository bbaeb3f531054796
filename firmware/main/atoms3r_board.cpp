#include "atoms3r_board.hpp"

#include "esp_heap_caps.h"
#include "sdkconfig.h"
#if CONFIG_SPIRAM
#include "esp_psram.h"
#endif

namespace camstream::firmware {

using camera::Status;

Status Atoms3rBoard::describe_camera_power(std::string& out) {
    out = power_.describe();
    return Status::success();
}

Status Atoms3rBoard::psram_status(camera::PsramStatus& out) {
    out = {};
#if CONFIG_SPIRAM
    out.enabled = true;
    out.initialized = esp_psram_is_initialized();
    out.size = esp_psram_get_size();
    out.free = heap_caps_get_free_size(MALLOC_CAP_SPIRAM);
    out.largest_free_block = heap_caps_get_largest_free_block(MALLOC_CAP_SPIRAM);
#endif
    out.internal_free = heap_caps_get_free_size(MALLOC_CAP_INTERNAL);
    out.internal_largest_free_block = heap_caps_get_largest_free_block(MALLOC_CAP_INTERNAL);
    return Status::success();
}

}  // namespace camstream::firmware
