#include "media/jpeg_header.hpp"

#include <string>

namespace camstream::media {

namespace {

// Camera buffers are sometimes handed over with a few bytes of padding after EOI; more than
// this and the frame most likely lost its tail.
constexpr std::size_t kMaxTrailingPadding = 32;

bool has_eoi_near_end(std::span<const std::uint8_t> jpeg) {
    const std::size_t n = jpeg.size();
    if (n < 4) return false;
    const std::size_t first = n - 2 > kMaxTrailingPadding ? n - 2 - kMaxTrailingPadding : 2;
    for (std::size_t i = n - 2 + 1; i-- > first;) {
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xD9) return true;
    }
    return false;
}

JpegDecodeFailure fail(JpegError error, std::string detail) {
    return {error, std::move(detail)};
}

// Why a frame type is not decoded, or nullptr for the ones that are.
const char* unsupported_frame_type(std::uint8_t marker) {
    switch (marker) {
        case 0xC0:  // baseline
        case 0xC1:  // extended sequential, Huffman
        case 0xC2:  // progressive, Huffman
            return nullptr;
        case 0xC3:
            return "lossless JPEG";
        case 0xC5:
        case 0xC6:
        case 0xC7:
            return "hierarchical (differential) JPEG";
        default:
            return "arithmetic-coded JPEG";  // C9-CB, CD-CF
    }
}

bool is_frame_header(std::uint8_t marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

bool is_standalone(std::uint8_t marker) {
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);  // TEM, RSTn
}

}  // namespace

std::variant<JpegHeader, JpegDecodeFailure> inspect_jpeg(std::span<const std::uint8_t> jpeg,
                                                         const JpegDecoderLimits& limits) {
    if (jpeg.empty()) return fail(JpegError::empty, "0 bytes");
    if (jpeg.size() < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) {
        return fail(JpegError::not_jpeg, "no SOI marker at the start");
    }
    if (!has_eoi_near_end(jpeg)) {
        return fail(JpegError::truncated,
                    "no EOI marker at the end of " + std::to_string(jpeg.size()) + " bytes");
    }
    JpegHeader header;
    bool have_frame = false;
    std::size_t pos = 2;
    for (;;) {
        if (pos + 2 > jpeg.size() || jpeg[pos] != 0xFF) {
            return fail(JpegError::corrupt,
                        "marker segments unreadable at byte " + std::to_string(pos));
        }
        const std::uint8_t marker = jpeg[pos + 1];
        if (marker == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        if (is_standalone(marker)) {
            pos += 2;
            continue;
        }
        if (marker == 0xD9 || marker == 0xD8) {
            return fail(JpegError::corrupt, "JPEG datastream contains no image");
        }
        if (pos + 4 > jpeg.size()) return fail(JpegError::truncated, "marker segment cut short");
        const std::size_t length = (std::size_t{jpeg[pos + 2]} << 8) | jpeg[pos + 3];
        if (length < 2 || pos + 2 + length > jpeg.size()) {
            return fail(JpegError::corrupt,
                        "marker segment length " + std::to_string(length) + " runs past the data");
        }
        if (is_frame_header(marker) && !have_frame) {
            if (const char* why = unsupported_frame_type(marker)) {
                return fail(JpegError::unsupported, std::string(why) + " is not supported");
            }
            if (length < 8) return fail(JpegError::corrupt, "frame header too short");
            header.height = (jpeg[pos + 5] << 8) | jpeg[pos + 6];
            header.width = (jpeg[pos + 7] << 8) | jpeg[pos + 8];
            header.components = jpeg[pos + 9];
            header.progressive = marker == 0xC2;
            have_frame = true;
        }
        if (marker == 0xDA) {  // start of scan: the image data follows
            if (!have_frame) return fail(JpegError::corrupt, "scan before the frame header");
            // Up to the EOI (trailing padding counts; it is at most a few bytes).
            const std::size_t start = pos + 2 + length;
            header.scan_bytes = jpeg.size() >= start + 2 ? jpeg.size() - start - 2 : 0;
            break;
        }
        pos += 2 + length;
    }

    const std::string size = std::to_string(header.width) + "x" + std::to_string(header.height);
    if (header.width < 1 || header.height < 1) {
        return fail(JpegError::corrupt, "frame header claims " + size);
    }
    const auto pixels = static_cast<std::uint64_t>(header.width) * header.height;
    if (header.width > limits.max_width || header.height > limits.max_height) {
        return fail(JpegError::too_large, size + " exceeds " + std::to_string(limits.max_width) +
                                              "x" + std::to_string(limits.max_height));
    }
    if (pixels > limits.max_pixels) {
        return fail(JpegError::too_large,
                    size + " exceeds " + std::to_string(limits.max_pixels) + " pixels");
    }
    // Every 8x8 block of luma costs at least a bit (its DC difference and end of block), so
    // fewer bytes than blocks/8 cannot be this picture: it is a header on a stub.
    const std::uint64_t blocks = ((header.width + 7ull) / 8) * ((header.height + 7ull) / 8);
    if (header.scan_bytes * 8 < blocks) {
        return fail(JpegError::corrupt,
                    std::to_string(header.scan_bytes) + " bytes of image data cannot hold " + size);
    }
    return header;
}

}  // namespace camstream::media
