#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "camera/core/capture_schedule.hpp"
#include "camera/core/frame_source.hpp"
#include "camera/core/status.hpp"
#include "camera_power.hpp"
#include "esp_camera.h"
#include "freertos/FreeRTOS.h"
#include "freertos/task.h"
#include "jpeg_encoder.hpp"

namespace camstream::firmware {

// The core's FrameSource on the GC0308. A task of its own grabs RGB565 frames
// (two frame buffers in PSRAM, always the latest) and JPEG-encodes them, so
// encoding the next frame overlaps sending this one over WiFi; capture()
// hands out the newest encoded frame it has not handed out yet.
//
// Frames are made at the rate they are taken (CaptureSchedule): back to back
// while the stream asks faster than one can be encoded ahead, one per request
// (ready just before it) when the server paces the camera down, none a while
// after the last request. Between frames the sensor's buffers are not read
// and the encoder's core idles.
//
// The task also owns the sensor: it waits for the power switch (GPIO18) to
// settle before esp_camera_init(), and after a run of failed grabs (e.g.
// `cam power 0` then `cam power 1`, which loses the sensor's registers) it
// deinitialises and probes the sensor again.
class CameraCapture final : public camera::FrameSource {
public:
    struct Options {
        framesize_t frame_size = FRAMESIZE_QVGA;
        int jpeg_quality = 80;
        bool vflip = true;
        bool hmirror = false;
    };

    CameraCapture(CameraPower& power, JpegEncoder& encoder, Options options);
    CameraCapture(const CameraCapture&) = delete;
    CameraCapture& operator=(const CameraCapture&) = delete;

    // Starts the capture task (pinned to core 1; WiFi and lwIP run on core 0).
    camera::Status start();

    // FrameSource: waits up to kFrameWait for a frame newer than the last one
    // returned; fails at once while the sensor is not initialised.
    camera::Status capture(std::vector<std::uint8_t>& jpeg) override;

    // The sensor's orientation: set by the capture task before its next frame
    // (at once when it is waiting) and at every sensor (re)initialisation.
    void set_orientation(bool vflip, bool hmirror);

private:
    static void task_entry(void* self);
    void run();
    bool init_sensor();
    void deinit_sensor(const std::string& why);
    // False when no frame came or it could not be encoded.
    bool grab_and_encode();
    void set_sensor_state(bool usable, std::string error);
    // Blocks until capture() was called recently (the schedule wants frames).
    void wait_for_demand();
    // Blocks until the schedule says the next frame is due, or the
    // orientation changed.
    void wait_until_frame_due();
    // Writes the wanted orientation to the sensor (capture task only).
    void apply_orientation();

    // Frames stop being made this long (plus one request gap) after the last
    // capture() call; a request after such a pause skips the frame on hand.
    static constexpr std::int64_t kIdleAfterUs = 2'000'000;
    // A frame made ahead for a slow pace is done this long before the request
    // it is for is expected.
    static constexpr std::chrono::milliseconds kFrameReadyMargin{30};
    // capture() waits this long for a new frame (encoding one takes ~125 ms).
    static constexpr std::chrono::milliseconds kFrameWait{1000};
    // esp_camera_fb_get() waits up to 4 s; this many misses in a row and the
    // sensor is probed again.
    static constexpr int kMaxFailedGrabs = 2;
    // A failed probe is retried this often while frames are wanted.
    static constexpr int kProbeRetryMs = 5000;

    CameraPower& power_;
    JpegEncoder& encoder_;
    Options options_;
    TaskHandle_t task_ = nullptr;

    // Capture task only.
    bool sensor_ready_ = false;
    int failed_grabs_ = 0;
    std::vector<std::uint8_t> work_;  // the frame being encoded

    std::mutex mutex_;
    std::condition_variable frame_ready_;  // a new frame in latest_
    std::condition_variable demand_;       // capture() was called, or the orientation changed
    camera::CaptureSchedule schedule_;     // when to make the next frame
    bool vflip_ = true;                    // the wanted orientation
    bool hmirror_ = false;
    bool orientation_changed_ = false;     // not yet written to the sensor
    bool sensor_usable_ = false;           // sensor_ready_, as capture() sees it
    std::vector<std::uint8_t> latest_;     // newest encoded frame
    std::uint64_t latest_seq_ = 0;         // 0: none yet
    std::uint64_t taken_seq_ = 0;          // the last one capture() returned
    std::string error_;                    // why there is no sensor; empty if none
};

}  // namespace camstream::firmware
