#pragma once
// JPEG bytes -> Picture (I420, full range, cropped to even size). One decoder per camera; not
// thread-safe; reuses its buffers between frames so the steady state allocates nothing.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "media/picture.hpp"

namespace camstream::media {

// Why a frame was refused. The names are stable: they are metric labels and log words.
enum class JpegError {
    empty,        // zero bytes
    not_jpeg,     // does not start with SOI (FF D8): PNG, text, random bytes
    truncated,    // no EOI (FF D9) at the end, or the decoder ran out of data
    corrupt,      // header unreadable, or entropy-coded data damaged
    too_large,    // header claims more than the configured maximum width/height or pixels
    unsupported,  // a JPEG kind cameras do not send: arithmetic-coded, lossless, hierarchical
};
std::string_view to_string(JpegError e);

struct JpegDecoderLimits {
    int max_width = 4096;
    int max_height = 4096;
    std::uint64_t max_pixels = 4096 * 4096;  // width x height
};

struct JpegDecodeFailure {
    JpegError error;
    std::string detail;  // the library's message or the numbers, for the log line
};

class JpegDecoder {
public:
    explicit JpegDecoder(JpegDecoderLimits limits = {});
    ~JpegDecoder();
    JpegDecoder(const JpegDecoder&) = delete;
    JpegDecoder& operator=(const JpegDecoder&) = delete;

    // Decodes one complete JPEG (SOI..EOI). On success fills `out` and returns nullopt.
    // `out` stays valid until the next call with the same Picture. On failure `out` holds no
    // picture (size 0, no planes); its storage is kept for reuse.
    std::optional<JpegDecodeFailure> decode(std::span<const std::uint8_t> jpeg, Picture& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace camstream::media
