#include "media/fmp4_muxer.hpp"

#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
}

#include "media/avc_decoder_config.hpp"
#include "media/media_fragment.hpp"
#include "media/ntp_time.hpp"

// Why the fragments are not written by libavformat: movenc makes each fragment's decode time
// the previous one's plus its duration (check_pkt / ff_mov_write_packet), and when a frame
// arrives sooner than that duration implied, which camera jitter makes routine, it moves the
// frame to prev+duration+1 and logs an error. tfdt then drifts from pts, and a muxer created
// after a reconnect could start behind it. "frag_discont" fixes only the gaps, not the
// overlaps. libavformat still writes the init segment (ftyp+moov), the part worth reusing.

namespace camstream::media {

namespace {

constexpr int kTimescale = 90000;
constexpr int kIoBufferSize = 4096;
constexpr std::uint32_t kTrackId = 1;  // movenc numbers tracks from 1

std::string av_error(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

void check(int code, const char* what) {
    if (code < 0) throw std::runtime_error(std::string(what) + ": " + av_error(code));
}

// libavformat's mp4 muxer writing into a vector, alive only while the init segment is made.
class InitSegmentWriter {
public:
    InitSegmentWriter() = default;
    InitSegmentWriter(const InitSegmentWriter&) = delete;
    InitSegmentWriter& operator=(const InitSegmentWriter&) = delete;
    ~InitSegmentWriter() {
        avformat_free_context(format_);
        if (io_ != nullptr) av_freep(&io_->buffer);
        avio_context_free(&io_);
    }

    std::vector<std::uint8_t> write(int width, int height, const std::vector<std::uint8_t>& sps,
                                    const std::vector<std::uint8_t>& pps);

private:
#if LIBAVFORMAT_VERSION_MAJOR >= 61
    static int append(void* opaque, const std::uint8_t* data, int size) {
#else
    static int append(void* opaque, std::uint8_t* data, int size) {
#endif
        auto& out = static_cast<InitSegmentWriter*>(opaque)->bytes_;
        out.insert(out.end(), data, data + size);
        return size;
    }

    AVFormatContext* format_ = nullptr;
    AVIOContext* io_ = nullptr;
    std::vector<std::uint8_t> bytes_;
};

std::vector<std::uint8_t> InitSegmentWriter::write(int width, int height,
                                                   const std::vector<std::uint8_t>& sps,
                                                   const std::vector<std::uint8_t>& pps) {
    check(avformat_alloc_output_context2(&format_, nullptr, "mp4", nullptr),
          "avformat_alloc_output_context2");
    auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferSize));
    if (buffer == nullptr) throw std::bad_alloc();
    io_ = avio_alloc_context(buffer, kIoBufferSize, 1, this, nullptr, &append, nullptr);
    if (io_ == nullptr) {
        av_free(buffer);
        throw std::bad_alloc();
    }
    format_->pb = io_;
    format_->flags |= AVFMT_FLAG_CUSTOM_IO;

    AVStream* stream = avformat_new_stream(format_, nullptr);
    if (stream == nullptr) throw std::bad_alloc();
    stream->time_base = AVRational{1, kTimescale};
    AVCodecParameters* par = stream->codecpar;
    par->codec_type = AVMEDIA_TYPE_VIDEO;
    par->codec_id = AV_CODEC_ID_H264;
    par->width = width;
    par->height = height;
    // Matches the encoder's VUI, so the colr box agrees with the SPS.
    par->color_range = AVCOL_RANGE_JPEG;
    par->color_primaries = AVCOL_PRI_SMPTE170M;
    par->color_trc = AVCOL_TRC_SMPTE170M;
    par->color_space = AVCOL_SPC_SMPTE170M;
    const std::vector<std::uint8_t> avcc = make_avc_decoder_config(sps, pps);
    par->extradata =
        static_cast<std::uint8_t*>(av_mallocz(avcc.size() + AV_INPUT_BUFFER_PADDING_SIZE));
    if (par->extradata == nullptr) throw std::bad_alloc();
    std::memcpy(par->extradata, avcc.data(), avcc.size());
    par->extradata_size = static_cast<int>(avcc.size());

    AVDictionary* options = nullptr;
    // empty_moov: an init segment without samples, with mvex/trex so fragments may follow.
    // default_base_moof: the ftyp brands say iso5/dash-style fragments, which MSE expects.
    av_dict_set(&options, "movflags", "frag_custom+empty_moov+default_base_moof", 0);
    const int written = avformat_write_header(format_, &options);
    av_dict_free(&options);
    check(written, "avformat_write_header");
    if (stream->time_base.num != 1 || stream->time_base.den != kTimescale) {
        // The fragments are written in 90 kHz units; the track's timescale must be that too.
        throw std::runtime_error("mp4 muxer changed the track timescale");
    }
    avio_flush(io_);
    return std::move(bytes_);
}

}  // namespace

struct Fmp4Muxer::Impl {
    std::vector<std::uint8_t> init;
    std::uint32_t sequence_number = 0;
};

Fmp4Muxer::Fmp4Muxer(int width, int height, const std::vector<std::uint8_t>& sps,
                     const std::vector<std::uint8_t>& pps)
    : impl_(std::make_unique<Impl>()) {
    if (width <= 0 || height <= 0) throw std::invalid_argument("Fmp4Muxer: bad size");
    impl_->init = InitSegmentWriter().write(width, height, sps, pps);
}

Fmp4Muxer::~Fmp4Muxer() = default;

const std::vector<std::uint8_t>& Fmp4Muxer::init_segment() const {
    return impl_->init;
}

const std::size_t Fmp4Muxer::kFragmentHeadroom = kMediaFragmentHeaderSize;

namespace {
MediaFragment describe(const EncodedFrame& frame, std::int64_t duration_90khz,
                       std::chrono::system_clock::time_point received,
                       std::uint32_t sequence_number) {
    if (duration_90khz <= 0 || duration_90khz > std::numeric_limits<std::uint32_t>::max()) {
        throw std::invalid_argument("Fmp4Muxer: duration out of range");
    }
    if (frame.pts < 0) throw std::invalid_argument("Fmp4Muxer: negative pts");
    if (frame.offset > frame.buffer.size() || frame.access_unit().empty()) {
        throw std::invalid_argument("Fmp4Muxer: empty frame");
    }
    MediaFragment f;
    f.sequence_number = sequence_number;
    f.track_id = kTrackId;
    f.decode_time = static_cast<std::uint64_t>(frame.pts);  // pts == dts: no B-frames
    f.duration = static_cast<std::uint32_t>(duration_90khz);
    f.keyframe = frame.keyframe;
    f.received_ntp = to_ntp(received);
    f.data = frame.access_unit();
    return f;
}
}  // namespace

std::vector<std::uint8_t> Fmp4Muxer::fragment(const EncodedFrame& frame,
                                              std::int64_t duration_90khz,
                                              std::chrono::system_clock::time_point received) {
    std::vector<std::uint8_t> out =
        write_media_fragment(describe(frame, duration_90khz, received, impl_->sequence_number + 1));
    ++impl_->sequence_number;
    return out;
}

std::vector<std::uint8_t> Fmp4Muxer::fragment(EncodedFrame&& frame, std::int64_t duration_90khz,
                                              std::chrono::system_clock::time_point received) {
    const MediaFragment f = describe(frame, duration_90khz, received, impl_->sequence_number + 1);
    std::vector<std::uint8_t> out;
    if (frame.offset == kMediaFragmentHeaderSize) {
        write_media_fragment_header(f, frame.buffer);
        out = std::move(frame.buffer);
    } else {
        out = write_media_fragment(f);
    }
    ++impl_->sequence_number;
    return out;
}

}  // namespace camstream::media
