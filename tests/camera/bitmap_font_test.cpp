#include "camera/host/bitmap_font.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string_view>

using camstream::camera::BitmapFont;
using camstream::camera::RgbImage;

namespace {
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:.-_/ ?";
}

TEST(BitmapFont, HasEveryGlyphTheOverlayUses) {
    for (char c : std::string_view{"FRAME CAM DEFAULT 0123456789:."})
        EXPECT_TRUE(BitmapFont::has_glyph(c)) << c;
}

TEST(BitmapFont, GlyphsAreDistinctAndFitFiveColumns) {
    std::set<BitmapFont::Glyph> seen;
    for (char c : kAlphabet) {
        const auto& g = BitmapFont::glyph(c);
        for (auto row : g) EXPECT_LT(row, 32) << c;
        EXPECT_TRUE(seen.insert(g).second) << "glyph for '" << c << "' duplicates another";
    }
}

TEST(BitmapFont, LowercaseDrawsAsUppercaseAndUnknownAsQuestionMark) {
    EXPECT_EQ(BitmapFont::glyph('a'), BitmapFont::glyph('A'));
    EXPECT_EQ(BitmapFont::glyph('~'), BitmapFont::glyph('?'));
    EXPECT_FALSE(BitmapFont::has_glyph('~'));
}

TEST(BitmapFont, DrawsScaledAndClipsAtTheEdges) {
    RgbImage img{20, 20};
    BitmapFont::draw(img, 0, 0, "1", 2, {255, 255, 255});
    // '1' row 0 is 00100: column 2 lit, scaled 2x -> pixels x 4..5, y 0..1.
    EXPECT_EQ(img.at(4, 0)[0], 255);
    EXPECT_EQ(img.at(5, 1)[0], 255);
    EXPECT_EQ(img.at(3, 0)[0], 0);
    EXPECT_EQ(BitmapFont::text_width("12", 3), 36);

    // Partly or wholly outside: must not write out of bounds (ASan watches).
    BitmapFont::draw(img, -7, -9, "FRAME 8", 3, {1, 2, 3});
    BitmapFont::draw(img, 15, 17, "88888", 4, {1, 2, 3});
    BitmapFont::draw(img, 500, 500, "8", 1, {1, 2, 3});
}
