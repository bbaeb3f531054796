#pragma once
// The avcC box payload (AVCDecoderConfigurationRecord, ISO/IEC 14496-15 5.3.3.1) for one SPS
// and one PPS with 4-byte NAL lengths. Internal to the media module.
#include <cstdint>
#include <vector>

namespace camstream::media {

// sps must hold at least the NAL header, profile_idc, constraint flags and level_idc.
std::vector<std::uint8_t> make_avc_decoder_config(const std::vector<std::uint8_t>& sps,
                                                  const std::vector<std::uint8_t>& pps);

}  // namespace camstream::media
