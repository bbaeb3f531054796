#pragma once
// One ISO-BMFF media fragment (prft+moof+mdat) holding a single sample, written directly.
// Internal to the media module; Fmp4Muxer pairs it with a libavformat init segment.
#include <cstdint>
#include <span>
#include <vector>

namespace camstream::media {

struct MediaFragment {
    std::uint32_t sequence_number = 1;  // mfhd, from 1 upwards
    std::uint32_t track_id = 1;         // as in the init segment's tkhd/trex
    std::uint64_t decode_time = 0;      // tfdt, in the track's timescale
    std::uint32_t duration = 0;
    bool keyframe = false;
    // prft: when the sample's source was received, as a 64-bit NTP timestamp. A player
    // compares it with its own clock to tell how old the picture on screen is.
    std::uint64_t received_ntp = 0;
    std::span<const std::uint8_t> data;  // the sample, as it goes into mdat
};

// Bytes before the sample: prft, moof, then the mdat box header.
inline constexpr std::size_t kMediaFragmentHeaderSize = 140;

// Writes prft, moof and the mdat header for `fragment` into the first kMediaFragmentHeaderSize
// bytes of `out`; the sample follows them (fragment.data's size is what is declared).
void write_media_fragment_header(const MediaFragment& fragment, std::span<std::uint8_t> out);

// Header and sample in a new buffer.
std::vector<std::uint8_t> write_media_fragment(const MediaFragment& fragment);

}  // namespace camstream::media
