#include "stream/detail/frame_pipeline.hpp"

#include <utility>

namespace camstream::stream {

FramePipeline::FramePipeline(media::JpegDecoderLimits limits, media::H264EncoderSettings settings)
    : decoder_(limits), settings_(std::move(settings)) {}

FramePipeline::~FramePipeline() = default;

std::optional<media::JpegDecodeFailure> FramePipeline::decode(std::span<const std::uint8_t> jpeg) {
    return decoder_.decode(jpeg, picture_);
}

PipelineOutput FramePipeline::encode(std::int64_t pts_90khz, std::int64_t duration_90khz,
                                     bool force_keyframe,
                                     std::chrono::system_clock::time_point received) {
    PipelineOutput out;
    if (!encoder_ || encoder_->width() != picture_.width || encoder_->height() != picture_.height) {
        start_stream(picture_.width, picture_.height);
        out.new_stream = true;
    }
    // The encoder leaves room for the fragment header in front of the access unit, so the
    // encoded bytes are copied once (out of x264) and then only shared.
    media::EncodedFrame frame =
        encoder_->encode(picture_, pts_90khz, force_keyframe, media::Fmp4Muxer::kFragmentHeadroom);
    out.keyframe = frame.keyframe;
    out.access_unit_offset = frame.offset;
    out.fragment = media::share(muxer_->fragment(std::move(frame), duration_90khz, received));
    return out;
}

void FramePipeline::reset() {
    muxer_.reset();
    encoder_.reset();
    format_.reset();
}

void FramePipeline::release() {
    reset();
    picture_ = media::Picture{};
}

void FramePipeline::start_stream(int width, int height) {
    reset();
    encoder_ = std::make_unique<media::H264Encoder>(width, height, settings_);
    muxer_ = std::make_unique<media::Fmp4Muxer>(width, height, encoder_->sps(), encoder_->pps());
    auto format = std::make_shared<StreamFormat>();
    format->generation = ++generation_;
    format->codec = encoder_->codec_string();
    format->width = width;
    format->height = height;
    format->init_segment = media::share(media::Bytes(muxer_->init_segment()));
    format_ = std::move(format);
}

}  // namespace camstream::stream
