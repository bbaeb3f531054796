#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "camera/host/rgb_image.hpp"

namespace camstream::camera {

// The picture mock-camera sends: a colour gradient
// that drifts, a circle and a square that move, and an overlay with the camera
// label, the frame number and the wall-clock time. Moving shapes make motion
// (and encoder trouble) visible; the overlay lets a viewer read end-to-end
// latency against a clock and spot dropped or repeated frames. With `frame_code`, the
// frame number is also drawn as a FrameCode row along the bottom, for programs to read.
class TestPattern {
public:
    // Any size from 1x1 up; everything drawn is clipped to the frame.
    TestPattern(int width, int height, std::string label, bool frame_code = false);

    // Draws into `out` (resized if needed). The animation depends only on
    // `seconds`, the text only on `frame_number` and `wall_clock`, so each
    // can be tested alone and the same inputs give the same picture.
    void draw(double seconds, std::uint64_t frame_number,
              std::chrono::system_clock::time_point wall_clock, RgbImage& out) const;

    // "HH:MM:SS.mmm" in local time.
    static std::string clock_text(std::chrono::system_clock::time_point t);

private:
    void draw_background(double seconds, RgbImage& out) const;
    void draw_circle(double seconds, RgbImage& out) const;
    void draw_square(double seconds, RgbImage& out) const;
    void draw_overlay(std::uint64_t frame_number, std::chrono::system_clock::time_point wall_clock,
                      RgbImage& out) const;

    int width_;
    int height_;
    std::string label_;
    bool frame_code_;
};

}  // namespace camstream::camera
