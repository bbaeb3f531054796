#pragma once
// Reads the SPS fields the tests care about (ITU-T H.264 7.3.2.1.1 and E.1.1).
#include <cstdint>
#include <optional>
#include <vector>

namespace camstream::media::test {

struct SpsInfo {
    int profile_idc = 0;
    int level_idc = 0;
    int max_num_ref_frames = -1;
    int width = 0;   // after cropping
    int height = 0;  // after cropping
    bool video_full_range = false;
    int colour_primaries = -1;
    int transfer_characteristics = -1;
    int matrix_coefficients = -1;
    bool bitstream_restriction = false;
    int max_num_reorder_frames = -1;
    int max_dec_frame_buffering = -1;
};

// nullopt for SPSs this reader does not handle (scaling matrices, HRD, poc type 1).
std::optional<SpsInfo> parse_sps(const std::vector<std::uint8_t>& nal);

}  // namespace camstream::media::test
