#include "media/media_fragment.hpp"

#include <limits>
#include <stdexcept>

namespace camstream::media {

namespace {

// ISO/IEC 14496-12 8.8.3.1 sample flags.
constexpr std::uint32_t kSampleDependsOnNothing = 0x02000000;  // sample_depends_on = 2 (I)
constexpr std::uint32_t kSampleDependsOnOthers = 0x01000000;   // sample_depends_on = 1 (P)
constexpr std::uint32_t kSampleIsNonSync = 0x00010000;

constexpr std::uint32_t kTfhdDefaultBaseIsMoof = 0x020000;
// data-offset, sample-duration, sample-size and sample-flags present: everything about the
// sample sits in the trun itself, nothing is left to tfhd/trex defaults.
constexpr std::uint32_t kTrunFlags = 0x000001 | 0x000100 | 0x000200 | 0x000400;

// ProducerReferenceTimeBox, version 1: track_ID, 64-bit NTP time, 64-bit media time.
constexpr std::size_t kPrftSize = 12 + 4 + 8 + 8;
constexpr std::size_t kMfhdSize = 16;
constexpr std::size_t kTfhdSize = 16;
constexpr std::size_t kTfdtSize = 20;
constexpr std::size_t kTrunSize = 12 + 4 + 4 + 3 * 4;  // + sample_count, data_offset, 3 fields
constexpr std::size_t kTrafSize = 8 + kTfhdSize + kTfdtSize + kTrunSize;
constexpr std::size_t kMoofSize = 8 + kMfhdSize + kTrafSize;
constexpr std::size_t kMdatHeader = 8;

static_assert(kPrftSize + kMoofSize + kMdatHeader == kMediaFragmentHeaderSize);

class Writer {
public:
    explicit Writer(std::span<std::uint8_t> out) : out_(out) {}
    void u32(std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8)
            out_[pos_++] = static_cast<std::uint8_t>(v >> shift);
    }
    void u64(std::uint64_t v) {
        u32(static_cast<std::uint32_t>(v >> 32));
        u32(static_cast<std::uint32_t>(v));
    }
    void box(std::size_t size, const char (&type)[5]) {
        u32(static_cast<std::uint32_t>(size));
        for (int i = 0; i < 4; ++i) out_[pos_++] = static_cast<std::uint8_t>(type[i]);
    }
    void full_box(std::size_t size, const char (&type)[5], std::uint8_t version,
                  std::uint32_t flags) {
        box(size, type);
        u32((std::uint32_t{version} << 24) | flags);
    }

private:
    std::span<std::uint8_t> out_;
    std::size_t pos_ = 0;
};

}  // namespace

void write_media_fragment_header(const MediaFragment& s, std::span<std::uint8_t> out) {
    const std::size_t mdat_size = kMdatHeader + s.data.size();
    if (mdat_size > std::numeric_limits<std::uint32_t>::max()) {
        throw std::length_error("media fragment: sample too large");
    }
    if (out.size() < kMediaFragmentHeaderSize) {
        throw std::length_error("media fragment: no room for the header");
    }
    Writer w(out);

    // prft comes before the moof it describes. Flags 0: the time is when the frame entered
    // the encoder's input, which for us is when its JPEG arrived.
    w.full_box(kPrftSize, "prft", 1, 0);
    w.u32(s.track_id);
    w.u64(s.received_ntp);
    w.u64(s.decode_time);  // media_time: the sample's presentation time (== decode time)

    w.box(kMoofSize, "moof");
    w.full_box(kMfhdSize, "mfhd", 0, 0);
    w.u32(s.sequence_number);
    w.box(kTrafSize, "traf");
    w.full_box(kTfhdSize, "tfhd", 0, kTfhdDefaultBaseIsMoof);
    w.u32(s.track_id);
    w.full_box(kTfdtSize, "tfdt", 1, 0);
    w.u64(s.decode_time);
    w.full_box(kTrunSize, "trun", 0, kTrunFlags);
    w.u32(1);                                                    // sample_count
    w.u32(static_cast<std::uint32_t>(kMoofSize + kMdatHeader));  // data_offset from moof start
    w.u32(s.duration);
    w.u32(static_cast<std::uint32_t>(s.data.size()));
    w.u32(s.keyframe ? kSampleDependsOnNothing : kSampleDependsOnOthers | kSampleIsNonSync);

    w.box(mdat_size, "mdat");
}

std::vector<std::uint8_t> write_media_fragment(const MediaFragment& s) {
    std::vector<std::uint8_t> out(kMediaFragmentHeaderSize);
    write_media_fragment_header(s, out);
    out.insert(out.end(), s.data.begin(), s.data.end());
    return out;
}

}  // namespace camstream::media
