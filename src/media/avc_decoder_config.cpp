#include "media/avc_decoder_config.hpp"

#include <stdexcept>

namespace camstream::media {

namespace {

void put_u16(std::vector<std::uint8_t>& out, std::size_t value) {
    out.push_back(static_cast<std::uint8_t>(value >> 8));
    out.push_back(static_cast<std::uint8_t>(value));
}

bool is_high_profile(std::uint8_t profile_idc) {
    return profile_idc == 100 || profile_idc == 110 || profile_idc == 122 || profile_idc == 144;
}

}  // namespace

// Written by hand rather than by handing movenc Annex-B extradata: the record is a dozen
// bytes, and movenc's conversion would otherwise also rescan every packet for start codes.
std::vector<std::uint8_t> make_avc_decoder_config(const std::vector<std::uint8_t>& sps,
                                                  const std::vector<std::uint8_t>& pps) {
    if (sps.size() < 4 || pps.empty() || sps.size() > 0xFFFF || pps.size() > 0xFFFF) {
        throw std::invalid_argument("avcC: SPS or PPS missing or too long");
    }
    std::vector<std::uint8_t> out;
    out.reserve(11 + sps.size() + pps.size() + 4);
    out.push_back(1);         // configurationVersion
    out.push_back(sps[1]);    // AVCProfileIndication
    out.push_back(sps[2]);    // profile_compatibility
    out.push_back(sps[3]);    // AVCLevelIndication
    out.push_back(0xFC | 3);  // reserved bits, lengthSizeMinusOne = 3
    out.push_back(0xE0 | 1);  // reserved bits, one SPS
    put_u16(out, sps.size());
    out.insert(out.end(), sps.begin(), sps.end());
    out.push_back(1);  // one PPS
    put_u16(out, pps.size());
    out.insert(out.end(), pps.begin(), pps.end());
    if (is_high_profile(sps[1])) {
        // The encoder only ever gets 8-bit 4:2:0 pictures.
        out.push_back(0xFC | 1);  // chroma_format 4:2:0
        out.push_back(0xF8 | 0);  // bit_depth_luma_minus8
        out.push_back(0xF8 | 0);  // bit_depth_chroma_minus8
        out.push_back(0);         // no SPS extensions
    }
    return out;
}

}  // namespace camstream::media
