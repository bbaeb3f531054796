#include "camera/host/test_pattern.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <numbers>
#include <vector>

#include "camera/host/bitmap_font.hpp"
#include "camera/host/frame_code.hpp"

namespace camstream::camera {
namespace {

constexpr double kTau = 2 * std::numbers::pi;

std::uint8_t wave(double phase) {
    return static_cast<std::uint8_t>(std::lround(127.5 + 127.5 * std::sin(kTau * phase)));
}

// Calls f(pixel) for each pixel of the rectangle [x0, x1) x [y0, y1) that lies in the image.
template <typename F>
void for_each_pixel(RgbImage& img, int x0, int y0, int x1, int y1, F f) {
    x0 = std::max(x0, 0);
    y0 = std::max(y0, 0);
    x1 = std::min(x1, img.width);
    y1 = std::min(y1, img.height);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) f(img.at(x, y));
}

void fill_rect(RgbImage& img, int x0, int y0, int x1, int y1, std::array<std::uint8_t, 3> c) {
    for_each_pixel(img, x0, y0, x1, y1, [&c](std::uint8_t* p) {
        p[0] = c[0];
        p[1] = c[1];
        p[2] = c[2];
    });
}

// Darkens a rectangle to a third of its brightness so white text reads on any background.
void shade_rect(RgbImage& img, int x0, int y0, int x1, int y1) {
    for_each_pixel(img, x0, y0, x1, y1, [](std::uint8_t* p) {
        for (int i = 0; i < 3; ++i) p[i] = static_cast<std::uint8_t>(p[i] / 3);
    });
}

// Triangle wave in [0, 1]: bounces back and forth instead of wrapping around.
double bounce(double t) {
    const double f = t - std::floor(t);
    return f < 0.5 ? 2 * f : 2 - 2 * f;
}

}  // namespace

TestPattern::TestPattern(int width, int height, std::string label, bool frame_code)
    : width_{std::max(width, 1)},
      height_{std::max(height, 1)},
      label_{std::move(label)},
      frame_code_{frame_code} {}

void TestPattern::draw(double seconds, std::uint64_t frame_number,
                       std::chrono::system_clock::time_point wall_clock, RgbImage& out) const {
    if (out.width != width_ || out.height != height_) out = RgbImage{width_, height_};
    draw_background(seconds, out);
    draw_square(seconds, out);
    draw_circle(seconds, out);
    draw_overlay(frame_number, wall_clock, out);
    // Last, so the moving shapes never cover it.
    if (frame_code_) FrameCode::draw(frame_number, out);
}

void TestPattern::draw_background(double seconds, RgbImage& out) const {
    // Red varies along x, green along y, blue along the diagonal, each drifting
    // at its own speed. Computing the three 1-D ramps once per frame keeps the
    // per-pixel work to three table lookups (no sin() per pixel).
    std::vector<std::uint8_t> red(width_), green(height_), blue(width_ + height_);
    for (int x = 0; x < width_; ++x) red[x] = wave(double(x) / width_ + seconds * 0.20);
    for (int y = 0; y < height_; ++y) green[y] = wave(double(y) / height_ - seconds * 0.13);
    for (int d = 0; d < width_ + height_; ++d)
        blue[d] = wave(double(d) / (width_ + height_) + seconds * 0.07 + 0.5);
    for (int y = 0; y < height_; ++y) {
        std::uint8_t* p = out.at(0, y);
        for (int x = 0; x < width_; ++x, p += 3) {
            p[0] = red[x];
            p[1] = green[y];
            p[2] = blue[x + y];
        }
    }
}

void TestPattern::draw_circle(double seconds, RgbImage& out) const {
    // A Lissajous path (different x and y speeds) covers the whole frame over time.
    const double r = std::max(std::min(width_, height_) / 8.0, 1.0);
    const double cx = width_ / 2.0 + (width_ / 2.0 - r) * std::cos(seconds * 1.1);
    const double cy = height_ / 2.0 + (height_ / 2.0 - r) * std::sin(seconds * 1.7);
    const int y0 = std::max(static_cast<int>(cy - r), 0),
              y1 = std::min(static_cast<int>(cy + r) + 1, height_);
    const int x0 = std::max(static_cast<int>(cx - r), 0),
              x1 = std::min(static_cast<int>(cx + r) + 1, width_);
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            const double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
            if (dx * dx + dy * dy > r * r) continue;
            std::uint8_t* p = out.at(x, y);
            p[0] = 255;
            p[1] = 220;
            p[2] = 40;
        }
}

void TestPattern::draw_square(double seconds, RgbImage& out) const {
    const int side = std::max(std::min(width_, height_) / 5, 1);
    const int x = static_cast<int>(std::lround(bounce(seconds / 4.0) * (width_ - side)));
    const int y = static_cast<int>(std::lround(bounce(seconds / 6.0 + 0.5) * (height_ - side)));
    const int border = std::max(side / 12, 1);
    fill_rect(out, x, y, x + side, y + side, {255, 255, 255});
    fill_rect(out, x + border, y + border, x + side - border, y + side - border, {30, 60, 200});
}

void TestPattern::draw_overlay(std::uint64_t frame_number,
                               std::chrono::system_clock::time_point wall_clock,
                               RgbImage& out) const {
    // 3x at 640x480, so the text is readable in a small browser tile.
    const int scale = std::clamp(std::min(width_, height_) / 160, 1, 4);
    const std::string lines[] = {label_, fmt::format("FRAME {:06}", frame_number),
                                 clock_text(wall_clock)};
    int text_width = 0;
    for (const auto& line : lines)
        text_width = std::max(text_width, BitmapFont::text_width(line, scale));
    const int margin = 2 * scale;
    const int x = margin, y = margin;
    const int box_height = 3 * BitmapFont::kLineHeight * scale;
    shade_rect(out, x - scale, y - scale, x + text_width + scale, y + box_height);
    for (int i = 0; i < 3; ++i)
        BitmapFont::draw(out, x, y + i * BitmapFont::kLineHeight * scale, lines[i], scale,
                         {255, 255, 255});
}

std::string TestPattern::clock_text(std::chrono::system_clock::time_point t) {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    const std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm local{};
    localtime_r(&secs, &local);
    return fmt::format("{:02}:{:02}:{:02}.{:03}", local.tm_hour, local.tm_min, local.tm_sec,
                       ms % 1000);
}

}  // namespace camstream::camera
