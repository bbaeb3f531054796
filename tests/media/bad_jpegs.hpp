#pragma once
// Damaged and impostor frames, made from a good JPEG, for every test that feeds bad input.
#include <cstdint>
#include <vector>

namespace camstream::media::test {

using Bytes = std::vector<std::uint8_t>;

// Offset of the first byte after the SOS header: where the entropy-coded data starts.
std::size_t entropy_start(const Bytes& jpeg);
// Offset of the SOF0/SOF2 marker.
std::size_t sof_offset(const Bytes& jpeg);

Bytes random_bytes(std::size_t n, std::uint32_t seed);
Bytes png_signature();  // the start of a PNG file, 200 bytes
// Overwrites a run in the middle of the entropy-coded data with a pattern that no valid
// Huffman stream can hold, and that contains a bogus marker, so libjpeg must notice.
Bytes corrupt_middle(const Bytes& good);
Bytes truncated_half(const Bytes& good);
Bytes soi_eoi_only();
// The SOF header patched to claim 65535x65535.
Bytes claims_65535x65535(const Bytes& good);

}  // namespace camstream::media::test
