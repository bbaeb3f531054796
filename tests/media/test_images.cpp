#include "test_images.hpp"

#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace camstream::media::test {

Rgb rgb_at(int width, int height, int x, int y) {
    if (x >= kBlockX && x < kBlockX + kBlockSize && y >= kBlockY && y < kBlockY + kBlockSize) {
        return {255, 0, 0};
    }
    if (x >= kGrayX && x < kGrayX + kBlockSize && y >= kGrayY && y < kGrayY + kBlockSize) {
        return {200, 200, 200};
    }
    return {static_cast<std::uint8_t>(x * 255 / (width - 1)),
            static_cast<std::uint8_t>(y * 255 / (height - 1)), 96};
}

std::vector<std::uint8_t> make_rgb(int width, int height) {
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const Rgb c = rgb_at(width, height, x, y);
            std::uint8_t* p = &rgb[(static_cast<std::size_t>(y) * width + x) * 3];
            p[0] = c.r;
            p[1] = c.g;
            p[2] = c.b;
        }
    }
    return rgb;
}

namespace {
int clamp8(double v) {
    return std::clamp(static_cast<int>(std::lround(v)), 0, 255);
}
}  // namespace

int luma_of(Rgb c) {
    return clamp8(0.299 * c.r + 0.587 * c.g + 0.114 * c.b);
}
int cb_of(Rgb c) {
    return clamp8(128 - 0.168736 * c.r - 0.331264 * c.g + 0.5 * c.b);
}
int cr_of(Rgb c) {
    return clamp8(128 + 0.5 * c.r - 0.418688 * c.g - 0.081312 * c.b);
}

std::vector<std::uint8_t> make_jpeg(int width, int height, int subsamp, int quality, int flags) {
    const std::vector<std::uint8_t> rgb = make_rgb(width, height);
    tjhandle handle = tjInitCompress();
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    const int rc = tjCompress2(handle, rgb.data(), width, 0, height, TJPF_RGB, &jpeg, &size,
                               subsamp, quality, flags);
    if (rc != 0) {
        std::string message = tjGetErrorStr2(handle);
        tjDestroy(handle);
        throw std::runtime_error("tjCompress2: " + message);
    }
    std::vector<std::uint8_t> out(jpeg, jpeg + size);
    tjFree(jpeg);
    tjDestroy(handle);
    return out;
}

Picture make_moving_picture(int width, int height, int frame) {
    Picture pic;
    pic.width = width;
    pic.height = height;
    const std::size_t y_size = static_cast<std::size_t>(width) * height;
    const std::size_t c_size = y_size / 4;
    pic.storage.resize(y_size + 2 * c_size);
    std::uint8_t* y_plane = pic.storage.data();
    std::uint8_t* u_plane = y_plane + y_size;
    std::uint8_t* v_plane = u_plane + c_size;
    const int square_x = (frame * 8) % (width - 64);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const bool in_square = x >= square_x && x < square_x + 64 && y >= 32 && y < 96;
            y_plane[y * width + x] =
                in_square ? 235 : static_cast<std::uint8_t>(16 + (x + y + 2 * frame) % 200);
        }
    }
    for (int y = 0; y < height / 2; ++y) {
        for (int x = 0; x < width / 2; ++x) {
            u_plane[y * (width / 2) + x] = static_cast<std::uint8_t>(96 + x % 64);
            v_plane[y * (width / 2) + x] = static_cast<std::uint8_t>(160 - y % 64);
        }
    }
    pic.planes[0] = y_plane;
    pic.planes[1] = u_plane;
    pic.planes[2] = v_plane;
    pic.strides[0] = width;
    pic.strides[1] = pic.strides[2] = width / 2;
    return pic;
}

}  // namespace camstream::media::test
