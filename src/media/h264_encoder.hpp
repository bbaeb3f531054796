#pragma once
// Picture -> H.264 access units with libx264: no B-frames, zero-latency tuning, one reference
// frame, full-range VUI, keyframes only when asked (the caller owns the keyframe policy).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "media/picture.hpp"

namespace camstream::media {

struct H264EncoderSettings {
    std::string preset = "ultrafast";  // x264 preset name
    std::string profile = "baseline";  // baseline | main
    int bitrate_kbps = 0;              // > 0: ABR with VBV at this rate; 0: use crf
    int crf = 23;
    int threads = 1;  // per camera; cameras run side by side
};

// An access unit in AVCC form (NAL units each with a 4-byte big-endian length), stored after
// `offset` bytes of headroom in `buffer`: a muxer can write its header into the headroom and
// ship the buffer as it is, so the encoded bytes are copied once, out of x264.
struct EncodedFrame {
    std::vector<std::uint8_t> buffer;
    std::size_t offset = 0;
    bool keyframe = false;  // IDR
    std::int64_t pts = 0;   // 90 kHz, as given to encode()

    std::span<const std::uint8_t> access_unit() const {
        return std::span<const std::uint8_t>(buffer).subspan(offset);
    }
};

class H264Encoder {
public:
    // Throws std::runtime_error if x264 refuses the settings.
    H264Encoder(int width, int height, const H264EncoderSettings& settings);
    ~H264Encoder();
    H264Encoder(const H264Encoder&) = delete;
    H264Encoder& operator=(const H264Encoder&) = delete;

    int width() const;
    int height() const;
    const std::vector<std::uint8_t>& sps() const;  // one NAL unit, no start code, no length
    const std::vector<std::uint8_t>& pps() const;
    std::string codec_string() const;  // "avc1.PPCCLL" from the SPS, e.g. "avc1.42c01e"

    // Encodes one picture (same size as constructed) with pts in 90 kHz units. The output is
    // immediate (zero latency): every call returns the access unit of this picture, after
    // `headroom` bytes left for the caller.
    EncodedFrame encode(const Picture& picture, std::int64_t pts_90khz, bool force_keyframe,
                        std::size_t headroom = 0);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace camstream::media
