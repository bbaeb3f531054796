#pragma once
// A small ISO-BMFF reader for the tests: walks boxes and reads the few fields we check.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace camstream::media::test {

struct Box {
    std::string type;
    std::span<const std::uint8_t> payload;  // after the size/type header
};

// The boxes that exactly tile `bytes`; nullopt if a size runs past the end or is malformed.
std::optional<std::vector<Box>> parse_boxes(std::span<const std::uint8_t> bytes);

// Follows a path of box types ("moov/trak/mdia") from the top level; containers only.
std::optional<Box> find_box(std::span<const std::uint8_t> bytes, std::string_view path);

// Every box anywhere below `bytes` with this type, for boxes nested in containers we know.
bool contains_box(std::span<const std::uint8_t> bytes, std::string_view type);

std::uint32_t read_u32(std::span<const std::uint8_t> bytes, std::size_t offset);
std::uint64_t read_u64(std::span<const std::uint8_t> bytes, std::size_t offset);

// A ProducerReferenceTimeBox (prft): when the sample at media_time was produced, as NTP.
struct ProducerTime {
    std::uint8_t version = 0;
    std::uint32_t flags = 0;
    std::uint32_t track_id = 0;
    std::uint64_t ntp = 0;
    std::uint64_t media_time = 0;
};
std::optional<ProducerTime> read_prft(const Box& prft);
// An NTP timestamp as Unix time in seconds.
double ntp_to_unix_seconds(std::uint64_t ntp);

// What one fragment (an optional prft, then moof+mdat) says about its single sample,
// resolving trun fields against tfhd defaults.
struct FragmentSample {
    std::optional<ProducerTime> prft;
    std::uint64_t decode_time = 0;  // tfdt
    std::uint32_t sample_count = 0;
    std::optional<std::uint32_t> duration;  // nullopt: left to trex
    std::optional<std::uint32_t> size;
    std::optional<std::uint32_t> flags;
    bool duration_in_trun = false;
    bool size_in_trun = false;
    bool flags_in_trun = false;
    std::int64_t data_offset = 0;  // from trun, relative to the moof start
    std::size_t moof_offset = 0;   // where the moof starts in the fragment
    std::size_t moof_size = 0;
    std::size_t mdat_payload_size = 0;
};
std::optional<FragmentSample> read_fragment(std::span<const std::uint8_t> fragment);

}  // namespace camstream::media::test
