#pragma once
// What a JPEG's marker segments say, read without libjpeg and without allocating: enough to
// refuse a frame before any decoder buffer exists. A few hundred bytes can claim a huge
// picture; this is where that claim is checked against the limits and against the amount of
// image data that actually follows.
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "media/jpeg_decoder.hpp"

namespace camstream::media {

struct JpegHeader {
    int width = 0;
    int height = 0;
    bool progressive = false;
    int components = 0;
    std::size_t scan_bytes = 0;  // from the first scan's data to the EOI
};

// SOI at the start and EOI near the end; a frame header (SOF) of a supported type (baseline,
// extended sequential or progressive, Huffman-coded); a size within `limits`; and at least a
// bit of image data per 8x8 block of luma, which any real encoder needs.
std::variant<JpegHeader, JpegDecodeFailure> inspect_jpeg(std::span<const std::uint8_t> jpeg,
                                                         const JpegDecoderLimits& limits);

}  // namespace camstream::media
