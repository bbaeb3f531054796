#include "h264_sps.hpp"

#include <stdexcept>

namespace camstream::media::test {

namespace {

class BitReader {
public:
    explicit BitReader(std::vector<std::uint8_t> rbsp) : data_(std::move(rbsp)) {}

    std::uint32_t bits(int n) {
        std::uint32_t v = 0;
        for (int i = 0; i < n; ++i) {
            if (pos_ >= data_.size() * 8) throw std::out_of_range("SPS ended early");
            v = (v << 1) | ((data_[pos_ / 8] >> (7 - pos_ % 8)) & 1u);
            ++pos_;
        }
        return v;
    }
    bool flag() { return bits(1) != 0; }
    std::uint32_t ue() {
        int zeros = 0;
        while (!flag()) {
            if (++zeros > 31) throw std::out_of_range("bad exp-Golomb code");
        }
        return ((1u << zeros) - 1) + bits(zeros);
    }

private:
    std::vector<std::uint8_t> data_;
    std::size_t pos_ = 0;
};

// Drops the emulation-prevention bytes (00 00 03 -> 00 00) and the NAL header byte.
std::vector<std::uint8_t> to_rbsp(const std::vector<std::uint8_t>& nal) {
    std::vector<std::uint8_t> out;
    int zeros = 0;
    for (std::size_t i = 1; i < nal.size(); ++i) {
        if (zeros >= 2 && nal[i] == 3) {
            zeros = 0;
            continue;
        }
        zeros = nal[i] == 0 ? zeros + 1 : 0;
        out.push_back(nal[i]);
    }
    return out;
}

}  // namespace

std::optional<SpsInfo> parse_sps(const std::vector<std::uint8_t>& nal) {
    if (nal.empty() || (nal[0] & 0x1F) != 7) return std::nullopt;
    try {
        BitReader r(to_rbsp(nal));
        SpsInfo s;
        s.profile_idc = static_cast<int>(r.bits(8));
        r.bits(8);  // constraint flags
        s.level_idc = static_cast<int>(r.bits(8));
        r.ue();  // seq_parameter_set_id
        int chroma_format_idc = 1;
        const int p = s.profile_idc;
        if (p == 100 || p == 110 || p == 122 || p == 244 || p == 44 || p == 83 || p == 86 ||
            p == 118 || p == 128 || p == 138 || p == 139 || p == 134 || p == 135) {
            chroma_format_idc = static_cast<int>(r.ue());
            if (chroma_format_idc == 3) r.flag();
            r.ue();
            r.ue();
            r.flag();
            if (r.flag()) return std::nullopt;  // scaling matrices
        }
        r.ue();  // log2_max_frame_num_minus4
        const auto poc_type = r.ue();
        if (poc_type == 0) {
            r.ue();
        } else if (poc_type == 1) {
            return std::nullopt;
        }
        s.max_num_ref_frames = static_cast<int>(r.ue());
        r.flag();  // gaps_in_frame_num_value_allowed_flag
        const int mb_width = static_cast<int>(r.ue()) + 1;
        const int map_height = static_cast<int>(r.ue()) + 1;
        const bool frame_mbs_only = r.flag();
        if (!frame_mbs_only) r.flag();
        r.flag();  // direct_8x8_inference_flag
        int crop[4] = {0, 0, 0, 0};
        if (r.flag()) {
            for (int& c : crop) c = static_cast<int>(r.ue());
        }
        const int crop_x = chroma_format_idc == 1 || chroma_format_idc == 2 ? 2 : 1;
        const int crop_y = (chroma_format_idc == 1 ? 2 : 1) * (frame_mbs_only ? 1 : 2);
        s.width = mb_width * 16 - crop_x * (crop[0] + crop[1]);
        s.height = map_height * 16 * (frame_mbs_only ? 1 : 2) - crop_y * (crop[2] + crop[3]);

        if (!r.flag()) return s;  // no VUI
        if (r.flag()) {           // aspect_ratio_info_present_flag
            if (r.bits(8) == 255) r.bits(32);
        }
        if (r.flag()) r.flag();  // overscan
        if (r.flag()) {          // video_signal_type_present_flag
            r.bits(3);
            s.video_full_range = r.flag();
            if (r.flag()) {
                s.colour_primaries = static_cast<int>(r.bits(8));
                s.transfer_characteristics = static_cast<int>(r.bits(8));
                s.matrix_coefficients = static_cast<int>(r.bits(8));
            }
        }
        if (r.flag()) {  // chroma_loc_info_present_flag
            r.ue();
            r.ue();
        }
        if (r.flag()) {  // timing_info_present_flag
            r.bits(32);
            r.bits(32);
            r.flag();
        }
        const bool nal_hrd = r.flag();
        if (nal_hrd) return std::nullopt;
        const bool vcl_hrd = r.flag();
        if (vcl_hrd) return std::nullopt;
        r.flag();  // pic_struct_present_flag
        s.bitstream_restriction = r.flag();
        if (s.bitstream_restriction) {
            r.flag();
            r.ue();
            r.ue();
            r.ue();
            r.ue();
            s.max_num_reorder_frames = static_cast<int>(r.ue());
            s.max_dec_frame_buffering = static_cast<int>(r.ue());
        }
        return s;
    } catch (const std::out_of_range&) {
        return std::nullopt;
    }
}

}  // namespace camstream::media::test
