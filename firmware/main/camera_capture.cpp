#include "camera_capture.hpp"

#include <cstdio>
#include <utility>

#include "atoms3r_cam_pins.hpp"
#include "esp_log.h"
#include "esp_timer.h"

namespace camstream::firmware {
namespace {

constexpr const char* kTag = "capture";
constexpr std::uint32_t kTaskStack = 8192;
constexpr UBaseType_t kTaskPriority = 4;  // below the stream task (5): sending comes first
constexpr BaseType_t kTaskCore = 1;       // WiFi, lwIP and the camera driver's task use core 0

camera_config_t atoms3r_camera_config(framesize_t frame_size) {
    namespace pins = atoms3r_cam;
    camera_config_t c{};
    c.pin_pwdn = pins::kPinPwdn;
    c.pin_reset = pins::kPinReset;
    c.pin_xclk = pins::kPinXclk;
    c.pin_sccb_sda = pins::kPinSccbSda;
    c.pin_sccb_scl = pins::kPinSccbScl;
    c.pin_d7 = pins::kPinD7;
    c.pin_d6 = pins::kPinD6;
    c.pin_d5 = pins::kPinD5;
    c.pin_d4 = pins::kPinD4;
    c.pin_d3 = pins::kPinD3;
    c.pin_d2 = pins::kPinD2;
    c.pin_d1 = pins::kPinD1;
    c.pin_d0 = pins::kPinD0;
    c.pin_vsync = pins::kPinVsync;
    c.pin_href = pins::kPinHref;
    c.pin_pclk = pins::kPinPclk;
    c.xclk_freq_hz = pins::kXclkHz;
    c.ledc_timer = LEDC_TIMER_0;  // the ESP32-S3 makes XCLK in the LCD_CAM block; unused there
    c.ledc_channel = LEDC_CHANNEL_0;
    // The GC0308 has no JPEG engine: raw RGB565, encoded by our JpegEncoder.
    c.pixel_format = PIXFORMAT_RGB565;
    c.frame_size = frame_size;
    c.jpeg_quality = 12;  // only for sensors with JPEG output; not ours
    // Two buffers in PSRAM (150 KiB each at QVGA), refilled with the newest
    // frame while we encode: each grab returns a fresh picture, not one
    // queued while the previous frame was being encoded.
    c.fb_count = 2;
    c.fb_location = CAMERA_FB_IN_PSRAM;
    c.grab_mode = CAMERA_GRAB_LATEST;
    // sccb_i2c_port is only read when pin_sccb_sda is -1 (a shared I2C bus).
    return c;
}

camera::Clock::TimePoint at_us(std::int64_t us) {
    return camera::Clock::TimePoint{camera::Clock::Duration{us}};
}

std::string init_error_text(esp_err_t err) {
    char code[16];
    std::snprintf(code, sizeof code, "0x%x", static_cast<unsigned>(err));
    const std::string name =
        err == ESP_ERR_CAMERA_NOT_DETECTED ? "camera not detected" : esp_err_to_name(err);
    return "camera init failed (" + name + ", " + code +
           "): is the camera powered (GPIO18 low, cam dump)?";
}

}  // namespace

using camera::Status;

CameraCapture::CameraCapture(CameraPower& power, JpegEncoder& encoder, Options options)
    : power_{power},
      encoder_{encoder},
      options_{options},
      schedule_{{camera::Clock::Duration{kIdleAfterUs}, kFrameReadyMargin}},
      vflip_{options.vflip},
      hmirror_{options.hmirror} {}

Status CameraCapture::start() {
    if (task_ != nullptr) return Status::success();
    if (xTaskCreatePinnedToCore(&CameraCapture::task_entry, "capture", kTaskStack, this,
                                kTaskPriority, &task_, kTaskCore) != pdPASS) {
        task_ = nullptr;
        return Status::failure("cannot create the capture task (out of memory)");
    }
    return Status::success();
}

void CameraCapture::task_entry(void* self) {
    static_cast<CameraCapture*>(self)->run();
}

void CameraCapture::run() {
    ESP_LOGI(kTag, "capture task: RGB565 frames, JPEG by %s, quality %d", encoder_.name(),
             options_.jpeg_quality);
    // Probe at once, so a dead sensor shows in the boot log.
    bool first = true;
    for (;;) {
        if (!sensor_ready_) {
            if (!first) wait_for_demand();
            first = false;
            if (!init_sensor()) {
                vTaskDelay(pdMS_TO_TICKS(kProbeRetryMs));
                continue;
            }
        }
        wait_until_frame_due();
        const std::int64_t started = esp_timer_get_time();
        // Only frames made count towards the making time: a failed grab
        // waits out esp_camera_fb_get's 4 s and says nothing about encoding.
        if (grab_and_encode()) {
            std::lock_guard<std::mutex> lock{mutex_};
            schedule_.on_made(camera::Clock::Duration{esp_timer_get_time() - started});
        }
        // Encoding keeps this core busy; let its idle task run (task watchdog).
        vTaskDelay(1);
    }
}

void CameraCapture::wait_for_demand() {
    std::unique_lock<std::mutex> lock{mutex_};
    demand_.wait(lock, [this] { return schedule_.wanted(at_us(esp_timer_get_time())); });
}

void CameraCapture::wait_until_frame_due() {
    std::unique_lock<std::mutex> lock{mutex_};
    for (;;) {
        if (orientation_changed_) {
            // Turned now, not at the next frame: a paced-down camera may not
            // make one for a while.
            lock.unlock();
            apply_orientation();
            lock.lock();
            continue;
        }
        const camera::Clock::TimePoint now = at_us(esp_timer_get_time());
        const camera::Clock::TimePoint start =
            schedule_.next_start(now, latest_seq_ != taken_seq_);
        if (start <= now) return;
        // capture() and set_orientation() wake us early.
        if (start == camera::Clock::TimePoint::max())
            demand_.wait(lock);
        else
            demand_.wait_for(lock, start - now);
    }
}

void CameraCapture::set_orientation(bool vflip, bool hmirror) {
    {
        std::lock_guard<std::mutex> lock{mutex_};
        vflip_ = vflip;
        hmirror_ = hmirror;
        orientation_changed_ = true;
    }
    demand_.notify_one();
}

void CameraCapture::apply_orientation() {
    bool vflip = false, hmirror = false;
    {
        std::lock_guard<std::mutex> lock{mutex_};
        if (!orientation_changed_) return;
        orientation_changed_ = false;
        vflip = vflip_;
        hmirror = hmirror_;
    }
    if (!sensor_ready_) return;  // init_sensor() applies it
    sensor_t* sensor = esp_camera_sensor_get();
    if (sensor == nullptr) return;
    // Both registers every time: the GC0308 driver writes each one as a bit
    // of the same register, and a fresh init resets them.
    if (sensor->set_vflip == nullptr || sensor->set_vflip(sensor, vflip ? 1 : 0) != 0)
        ESP_LOGW(kTag, "the sensor did not take vflip=%d", vflip ? 1 : 0);
    if (sensor->set_hmirror == nullptr || sensor->set_hmirror(sensor, hmirror ? 1 : 0) != 0)
        ESP_LOGW(kTag, "the sensor did not take hmirror=%d", hmirror ? 1 : 0);
    ESP_LOGI(kTag, "orientation: vflip=%d hmirror=%d", vflip ? 1 : 0, hmirror ? 1 : 0);
}

bool CameraCapture::init_sensor() {
    if (!power_.wait_until_settled()) {
        set_sensor_state(false, "camera power is off (cam power 1 turns it on)");
        return false;
    }
    const camera_config_t config = atoms3r_camera_config(options_.frame_size);
    if (esp_err_t err = esp_camera_init(&config); err != ESP_OK) {
        const std::string why = init_error_text(err);
        ESP_LOGE(kTag, "%s", why.c_str());
        set_sensor_state(false, why);
        return false;
    }
    const sensor_t* sensor = esp_camera_sensor_get();
    ESP_LOGI(kTag, "sensor PID 0x%x ready (GC0308 is 0x9b)",
             sensor != nullptr ? static_cast<unsigned>(sensor->id.PID) : 0u);
    sensor_ready_ = true;
    failed_grabs_ = 0;
    // A fresh init has the driver's default orientation: set ours again.
    {
        std::lock_guard<std::mutex> lock{mutex_};
        orientation_changed_ = true;
    }
    apply_orientation();
    set_sensor_state(true, "");
    return true;
}

void CameraCapture::deinit_sensor(const std::string& why) {
    ESP_LOGW(kTag, "%s; probing the sensor again", why.c_str());
    esp_camera_deinit();
    sensor_ready_ = false;
    set_sensor_state(false, why);
}

bool CameraCapture::grab_and_encode() {
    camera_fb_t* frame = esp_camera_fb_get();
    if (frame == nullptr) {
        if (++failed_grabs_ >= kMaxFailedGrabs)
            deinit_sensor("no frame from the sensor in " + std::to_string(failed_grabs_) +
                          " tries");
        return false;
    }
    failed_grabs_ = 0;
    const Status encoded = encoder_.encode(*frame, options_.jpeg_quality, work_);
    esp_camera_fb_return(frame);
    if (!encoded) {
        ESP_LOGW(kTag, "%s", encoded.message().c_str());
        return false;
    }
    {
        std::lock_guard<std::mutex> lock{mutex_};
        latest_.swap(work_);  // the old latest_ becomes the next work buffer
        ++latest_seq_;
    }
    frame_ready_.notify_all();
    return true;
}

void CameraCapture::set_sensor_state(bool usable, std::string error) {
    {
        std::lock_guard<std::mutex> lock{mutex_};
        sensor_usable_ = usable;
        error_ = std::move(error);
    }
    // A capture() waiting for a frame learns at once that none will come.
    frame_ready_.notify_all();
}

Status CameraCapture::capture(std::vector<std::uint8_t>& jpeg) {
    std::unique_lock<std::mutex> lock{mutex_};
    const std::int64_t now = esp_timer_get_time();
    // After a pause the frame on hand was made before the pause: skip it. (A
    // frame made ahead for a slow pace is not: the schedule still wanted it.)
    if (!schedule_.wanted(at_us(now))) taken_seq_ = latest_seq_;
    schedule_.on_request(at_us(now), latest_seq_ != taken_seq_);
    demand_.notify_one();
    const auto fresh = [this] { return latest_seq_ != taken_seq_; };
    const auto hopeless = [this] { return !sensor_usable_ && !error_.empty(); };
    frame_ready_.wait_for(lock, kFrameWait, [&] { return fresh() || hopeless(); });
    if (!fresh()) {
        if (!error_.empty()) return Status::failure(error_);
        return Status::failure(sensor_usable_ ? "no new frame from the camera within 1 s"
                                              : "the camera is starting");
    }
    // Swap rather than copy: the caller's old buffer becomes ours, so three
    // buffers take turns and none is reallocated once they have grown.
    jpeg.swap(latest_);
    taken_seq_ = latest_seq_;
    return Status::success();
}

}  // namespace camstream::firmware
