// camstream on the M5Stack AtomS3R-CAM: the wiring of the portable camera
// core (src/camera) to ESP-IDF, as in src/camera/README.md's "Wiring".
//
// Everything is a function-local static: app_main returns once the console
// is up, and the tasks it started keep using these objects for good.

#include "atoms3r_board.hpp"
#include "camera/core/camera_app.hpp"
#include "camera/core/settings_store.hpp"
#include "camera/core/stream_config.hpp"
#include "camera/core/stream_loop.hpp"
#include "camera_capture.hpp"
#include "camera_power.hpp"
#include "console_repl.hpp"
#include "esp_log.h"
#include "esp_log_sink.hpp"
#include "esp_random.h"
#include "esp_timer_clock.hpp"
#include "frame2jpg_encoder.hpp"
#include "kconfig_settings.hpp"
#include "nvs_key_value_store.hpp"
#include "stream_task.hpp"
#include "wifi_station.hpp"
#include "ws_client_transport.hpp"

namespace {

constexpr const char* kTag = "main";

// Boot goes on after a failed step: a camera without WiFi still has its
// console, one without a sensor can still be configured.
void report(const camstream::camera::Status& status, const char* step) {
    if (!status) ESP_LOGE(kTag, "%s: %s", step, status.message().c_str());
}

}  // namespace

extern "C" void app_main(void) {
    using namespace camstream;

    // Camera power first: the sensor needs >= 500 ms powered before it is
    // probed, and the rest of the boot uses that time.
    static firmware::CameraPower power;
    report(power.init(), "camera power");
    report(power.set(true), "camera power on");

    report(firmware::init_nvs_flash(), "NVS");  // before WiFi, which keeps calibration there

    static firmware::EspLogSink log;
    static firmware::NvsKeyValueStore nvs{"camstream"};
    report(nvs.open(), "settings store");
    static camera::SettingsStore store{nvs};
    static const camera::Settings defaults = firmware::kconfig_default_settings();
    static const camera::Settings settings = store.load(defaults, log);

    static firmware::WifiStation wifi;
    report(wifi.start(), "WiFi");

    // Frames: capture + encode on their own task (core 1), the latest JPEG
    // handed to the stream loop. Swap the encoder here for a faster one
    // (see jpeg_encoder.hpp).
    static firmware::Frame2JpgEncoder encoder;
    static firmware::CameraCapture capture{
        power,
        encoder,
        {firmware::kconfig_frame_size(), settings.jpeg_quality, settings.vflip, settings.hmirror}};
    report(capture.start(), "camera");

    static firmware::WsClientTransport transport;
    static firmware::EspTimerClock clock;
    camera::StreamLoop::Options options;
    // Different on every camera (the radio is on now, so esp_random() is
    // truly random): cameras that lost the same server do not retry in step.
    options.jitter_seed = esp_random();
    static camera::StreamLoop loop{capture, transport, clock, log, options};
    report(firmware::start_stream_task(loop), "stream task");

    static firmware::Atoms3rBoard board{power, capture};
    // The device's stream tuning is the core's default (5 s connect, 1 s
    // send); only obeying the server's pace is a Kconfig choice.
    camera::StreamConfig stream_base;
#ifdef CONFIG_CAMSTREAM_OBEY_SERVER_PACE
    stream_base.obey_pace = true;
#else
    stream_base.obey_pace = false;
#endif
    static camera::CameraApp app{settings, defaults, store, {loop, wifi, board, log}, stream_base};
    app.boot();  // joins the saved WiFi; streams at once if a host is set

    report(firmware::start_console_repl(app.console()), "console");
    ESP_LOGI(kTag, "camstream ready; type help on this console");
}
