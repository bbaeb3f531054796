#include "stream/frame_pipeline.hpp"

#include <utility>

namespace camstream::stream {

namespace {
std::shared_ptr<const std::string> to_shared_string(const std::vector<std::uint8_t>& bytes) {
    return std::make_shared<const std::string>(bytes.begin(), bytes.end());
}
}  // namespace

FramePipeline::FramePipeline(media::JpegDecoderLimits limits, media::H264EncoderSettings settings)
    : decoder_(limits), settings_(std::move(settings)) {}

FramePipeline::~FramePipeline() = default;

std::optional<media::JpegDecodeFailure> FramePipeline::decode(std::span<const std::uint8_t> jpeg) {
    return decoder_.decode(jpeg, picture_);
}

PipelineOutput FramePipeline::encode(std::int64_t pts_90khz, std::int64_t duration_90khz,
                                     bool force_keyframe) {
    PipelineOutput out;
    if (!encoder_ || encoder_->width() != picture_.width || encoder_->height() != picture_.height) {
        start_stream(picture_.width, picture_.height);
        out.new_stream = true;
    }
    media::EncodedFrame frame = encoder_->encode(picture_, pts_90khz, force_keyframe);
    out.keyframe = frame.keyframe;
    out.fragment = to_shared_string(muxer_->fragment(frame, duration_90khz));
    return out;
}

void FramePipeline::reset() {
    muxer_.reset();
    encoder_.reset();
    format_.reset();
}

void FramePipeline::start_stream(int width, int height) {
    reset();
    encoder_ = std::make_unique<media::H264Encoder>(width, height, settings_);
    muxer_ = std::make_unique<media::Fmp4Muxer>(width, height, encoder_->sps(), encoder_->pps());
    format_ = StreamFormat{encoder_->codec_string(), width, height,
                           to_shared_string(muxer_->init_segment())};
}

}  // namespace camstream::stream
