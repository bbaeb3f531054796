#pragma once
// Plays an fMP4 byte stream back with libavformat + libavcodec from memory, as a browser
// would, and reports what came out.
#include <cstdint>
#include <vector>

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace camstream::media::test {

struct DecodedPlane {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // tightly packed
    int at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x]; }
};

struct Playback {
    int width = 0;
    int height = 0;
    int frames = 0;
    bool first_packet_key = false;
    std::vector<std::int64_t> dts;
    AVColorRange color_range = AVCOL_RANGE_UNSPECIFIED;
    DecodedPlane first_y, first_u, first_v;  // the first decoded picture
};

// Throws std::runtime_error if libavformat cannot open the stream.
Playback play(const std::vector<std::uint8_t>& file);

}  // namespace camstream::media::test
