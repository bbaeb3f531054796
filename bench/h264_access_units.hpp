#pragma once
// Where each access unit (picture) starts in an H.264 Annex B byte stream that arrives in
// pieces: how the process benchmarks count the frames an ffmpeg wrote to its stdout.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace camstream::bench {

// A new access unit starts at an SEI/SPS/PPS/AUD, or at a slice with first_mb_in_slice 0,
// after a picture's slices. Call scan() with the whole stream so far each time it grows.
class AccessUnitScanner {
public:
    void scan(const std::vector<std::uint8_t>& b) {
        while (pos_ + 4 < b.size()) {
            if (b[pos_] == 0 && b[pos_ + 1] == 0 && b[pos_ + 2] == 1) {
                const std::size_t start = pos_ > 0 && b[pos_ - 1] == 0 ? pos_ - 1 : pos_;
                const int type = b[pos_ + 3] & 0x1f;
                const bool vcl = type == 1 || type == 5;
                const bool first_slice =
                    vcl && (b[pos_ + 4] & 0x80) != 0;  // ue(v) 0 is a single 1 bit
                if (starts_.empty() || (has_vcl_ && (first_slice || (type >= 6 && type <= 9)))) {
                    starts_.push_back(start);
                    has_vcl_ = false;
                }
                has_vcl_ = has_vcl_ || vcl;
                pos_ += 3;
            } else {
                ++pos_;
            }
        }
    }
    const std::vector<std::size_t>& starts() const { return starts_; }

private:
    std::size_t pos_ = 0;
    bool has_vcl_ = false;
    std::vector<std::size_t> starts_;
};

}  // namespace camstream::bench
