#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "camera/host/rgb_image.hpp"

namespace camstream::camera {

// A 5x7 pixel font embedded as data: digits, A-Z and a little punctuation,
// enough for the overlay ("CAM DEFAULT", "FRAME 000123", "12:34:56.789").
// A font library (FreeType, stb_truetype) would mean a font file to ship and
// anti-aliasing we do not need for a 40-glyph overlay; and the same table
// fits in the ESP32's flash if the firmware ever wants to stamp frames.
class BitmapFont {
public:
    static constexpr int kGlyphWidth = 5;
    static constexpr int kGlyphHeight = 7;
    // One blank column between glyphs, two blank rows between lines.
    static constexpr int kAdvance = kGlyphWidth + 1;
    static constexpr int kLineHeight = kGlyphHeight + 2;

    // Seven rows, top first; bit 4 is the leftmost pixel.
    using Glyph = std::array<std::uint8_t, kGlyphHeight>;

    // Lowercase maps to uppercase; anything else unknown draws as '?'.
    static const Glyph& glyph(char c);
    static bool has_glyph(char c);

    static int text_width(std::string_view text, int scale) {
        return static_cast<int>(text.size()) * kAdvance * scale;
    }

    // Draws `text` with its top-left corner at (x, y), each font pixel a
    // scale x scale block. Pixels outside the image are clipped.
    static void draw(RgbImage& image, int x, int y, std::string_view text, int scale,
                     std::array<std::uint8_t, 3> color);
};

}  // namespace camstream::camera
