#pragma once

// M5Stack AtomS3R-CAM: how the GC0308 sensor is wired to the ESP32-S3
// (M5Stack's pin map, as the stock UserDemo firmware uses it).
namespace camstream::firmware::atoms3r_cam {

// Camera power switch: LOW powers the sensor. It must be on for at least
// kPowerSettleMs before esp_camera_init() probes the sensor over SCCB, or the
// probe finds nothing ("Camera probe failed").
constexpr int kPinCameraPower = 18;
constexpr int kPowerSettleMs = 500;

constexpr int kPinXclk = 21;
constexpr int kPinSccbSda = 12;  // SIOD
constexpr int kPinSccbScl = 9;   // SIOC
constexpr int kPinVsync = 10;
constexpr int kPinHref = 14;
constexpr int kPinPclk = 40;
constexpr int kPinD0 = 3;
constexpr int kPinD1 = 42;
constexpr int kPinD2 = 46;
constexpr int kPinD3 = 48;
constexpr int kPinD4 = 4;
constexpr int kPinD5 = 17;
constexpr int kPinD6 = 11;
constexpr int kPinD7 = 13;
// No power-down or reset lines: power is the GPIO18 switch above.
constexpr int kPinPwdn = -1;
constexpr int kPinReset = -1;

constexpr int kXclkHz = 20'000'000;

}  // namespace camstream::firmware::atoms3r_cam
