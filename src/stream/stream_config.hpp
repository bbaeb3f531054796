#pragma once
#include <chrono>

#include "media/h264_encoder.hpp"
#include "media/jpeg_decoder.hpp"

namespace camstream::stream {

struct StreamConfig {
    media::JpegDecoderLimits limits;
    media::H264EncoderSettings encoder;
    std::chrono::steady_clock::duration keyframe_interval = std::chrono::seconds(2);
};

}  // namespace camstream::stream
