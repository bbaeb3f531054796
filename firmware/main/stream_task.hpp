#pragma once

#include "camera/core/status.hpp"
#include "camera/core/stream_loop.hpp"

namespace camstream::firmware {

// Runs StreamLoop::run() on a FreeRTOS task of its own for good: it connects,
// captures, sends and backs off; the console only talks to it through
// StreamControl (start/stop/status), which is thread-safe.
camera::Status start_stream_task(camera::StreamLoop& loop);

}  // namespace camstream::firmware
