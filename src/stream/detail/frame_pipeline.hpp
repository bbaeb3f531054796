#pragma once
// One camera's JPEG -> H.264 -> fMP4 chain. Owns the encoder and muxer and remakes both when
// the picture size changes, so callers see a "new stream" (a new format) and nothing else.
// Synchronous and single-threaded: the camera runs it on its media strand.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "media/fmp4_muxer.hpp"
#include "media/h264_encoder.hpp"
#include "media/jpeg_decoder.hpp"
#include "media/shared_bytes.hpp"
#include "stream/stream_event.hpp"

namespace camstream::stream {

struct PipelineOutput {
    bool new_stream = false;      // format() changed with this frame
    media::SharedBytes fragment;  // prft+moof+mdat of this frame
    std::size_t access_unit_offset = 0;
    bool keyframe = false;
};

class FramePipeline {
public:
    FramePipeline(media::JpegDecoderLimits limits, media::H264EncoderSettings settings);
    ~FramePipeline();

    // Two steps, so a refused frame takes no place on the timeline: decode() the JPEG
    // (nullopt: it is good), then encode() that picture with its timing. `received` is when
    // the JPEG arrived (wall clock); the fragment carries it for players to show its age.
    std::optional<media::JpegDecodeFailure> decode(std::span<const std::uint8_t> jpeg);
    PipelineOutput encode(
        std::int64_t pts_90khz, std::int64_t duration_90khz, bool force_keyframe,
        std::chrono::system_clock::time_point received = std::chrono::system_clock::now());

    // Forget the encoder: the next good frame starts a new stream with a new format.
    void reset();
    // reset(), and give back the picture buffers too: nobody wants H.264 for now.
    void release();

    // The current stream's format; null until a frame has been encoded since the last reset.
    const std::shared_ptr<const StreamFormat>& format() const { return format_; }

private:
    void start_stream(int width, int height);

    media::JpegDecoder decoder_;
    media::H264EncoderSettings settings_;
    media::Picture picture_;
    std::unique_ptr<media::H264Encoder> encoder_;
    std::unique_ptr<media::Fmp4Muxer> muxer_;
    std::shared_ptr<const StreamFormat> format_;
    std::uint64_t generation_ = 0;
};

}  // namespace camstream::stream
