#pragma once
// H.264 access units -> fragmented MP4 for Media Source Extensions, in memory: one init
// segment (ftyp+moov, written by libavformat), then one fragment (prft+moof+mdat) per frame,
// written directly so that its decode time is exactly the frame's pts.
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "media/h264_encoder.hpp"

namespace camstream::media {

class Fmp4Muxer {
public:
    // Throws std::runtime_error if libavformat refuses the stream, std::invalid_argument for
    // a missing SPS/PPS or a non-positive size.
    Fmp4Muxer(int width, int height, const std::vector<std::uint8_t>& sps,
              const std::vector<std::uint8_t>& pps);
    ~Fmp4Muxer();
    Fmp4Muxer(const Fmp4Muxer&) = delete;
    Fmp4Muxer& operator=(const Fmp4Muxer&) = delete;

    const std::vector<std::uint8_t>& init_segment() const;  // ftyp + moov, track timescale 90 kHz

    // One moof+mdat holding exactly this frame, after a prft box (producer reference time)
    // saying that the sample at media time frame.pts was received at `received` (wall clock,
    // written as NTP). The fragment's decode time (tfdt) is frame.pts exactly (90 kHz),
    // whatever the first pts was, so a later muxer continues the timeline of an earlier one.
    // duration_90khz is the sample's duration (> 0). Throws std::invalid_argument for empty
    // data, a negative pts or a duration out of range.
    std::vector<std::uint8_t> fragment(
        const EncodedFrame& frame, std::int64_t duration_90khz,
        std::chrono::system_clock::time_point received = std::chrono::system_clock::now());
    // The same, reusing the frame's buffer: when the encoder left kFragmentHeadroom bytes in
    // front of the access unit, the header is written there and no byte is copied.
    std::vector<std::uint8_t> fragment(
        EncodedFrame&& frame, std::int64_t duration_90khz,
        std::chrono::system_clock::time_point received = std::chrono::system_clock::now());

    // prft + moof + mdat header of a one-sample fragment
    static const std::size_t kFragmentHeadroom;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace camstream::media
