#include "media/h264_encoder.hpp"

#include <cstdio>
#include <stdexcept>
#include <string>

extern "C" {
#include <x264.h>
}

namespace camstream::media {

namespace {

// BT.601 as in H.264 Table E-3..E-5 ("smpte170m"): what JFIF's YCbCr matrix is.
constexpr int kBt601 = 6;
// H.264 chroma_sample_loc_type 1: chroma centred between luma samples, as JFIF sites it.
constexpr int kChromaLocCenter = 1;
constexpr int kNominalFps = 25;
constexpr int kLengthPrefix = 4;  // b_annexb = 0: each NAL starts with a 4-byte size

bool is_one_of(const std::string& name, const char* const* names) {
    for (; *names != nullptr; ++names) {
        if (name == *names) return true;
    }
    return false;
}

x264_param_t make_params(int width, int height, const H264EncoderSettings& s) {
    // Checked here because x264 would print its own complaint on stderr.
    if (!is_one_of(s.preset, x264_preset_names)) {
        throw std::runtime_error("x264: unknown preset '" + s.preset + "'");
    }
    if (!is_one_of(s.profile, x264_profile_names)) {
        throw std::runtime_error("x264: unknown profile '" + s.profile + "'");
    }
    x264_param_t p;
    if (x264_param_default_preset(&p, s.preset.c_str(), "zerolatency") < 0) {
        throw std::runtime_error("x264: unknown preset '" + s.preset + "'");
    }
    p.i_log_level = X264_LOG_NONE;  // errors surface as exceptions; the module does not log
    p.i_width = width;
    p.i_height = height;
    p.i_csp = X264_CSP_I420;

    p.i_threads = s.threads;
    // Frame threading delays output by a frame per thread; slice threading delays nothing.
    p.b_sliced_threads = s.threads > 1 ? 1 : 0;

    // Browsers' decoders hold frames back unless the SPS promises no reordering: no B-frames
    // and one reference frame make x264 write num_reorder_frames 0, max_dec_frame_buffering 1.
    p.i_bframe = 0;
    p.i_frame_reference = 1;
    // The caller owns the keyframe policy (viewer joins, a maximum interval).
    p.i_keyint_max = X264_KEYINT_MAX_INFINITE;
    p.i_scenecut_threshold = 0;
    p.b_intra_refresh = 0;

    // Rate control assumes the nominal rate. b_vfr_input (with a 90 kHz timebase) would let
    // it use the timestamps instead, but x264 then holds every frame back until the next one
    // arrives, to learn its duration: a frame of latency. pts pass through x264 untouched.
    p.i_fps_num = kNominalFps;
    p.i_fps_den = 1;
    p.b_vfr_input = 0;

    // JPEG pixels are full range and are passed through unconverted; the SPS says so.
    p.vui.b_fullrange = 1;
    p.vui.i_colorprim = kBt601;
    p.vui.i_transfer = kBt601;
    p.vui.i_colmatrix = kBt601;
    p.vui.i_chroma_loc = kChromaLocCenter;

    // MP4 wants AVCC and keeps SPS/PPS in the avcC box, not in the stream.
    p.b_annexb = 0;
    p.b_repeat_headers = 0;
    p.b_aud = 0;

    if (s.bitrate_kbps > 0) {
        p.rc.i_rc_method = X264_RC_ABR;
        p.rc.i_bitrate = s.bitrate_kbps;
        p.rc.i_vbv_max_bitrate = s.bitrate_kbps;
        p.rc.i_vbv_buffer_size = s.bitrate_kbps;  // one second: bounds the size of keyframes
    } else {
        p.rc.i_rc_method = X264_RC_CRF;
        p.rc.f_rf_constant = static_cast<float>(s.crf);
    }

    if (x264_param_apply_profile(&p, s.profile.c_str()) < 0) {
        throw std::runtime_error("x264: unusable profile '" + s.profile + "'");
    }
    return p;
}

std::vector<std::uint8_t> nal_body(const x264_nal_t& nal) {
    return {nal.p_payload + kLengthPrefix, nal.p_payload + nal.i_payload};
}

}  // namespace

struct H264Encoder::Impl {
    int width = 0;
    int height = 0;
    x264_t* encoder = nullptr;
    std::vector<std::uint8_t> sps;
    std::vector<std::uint8_t> pps;

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
        if (encoder != nullptr) x264_encoder_close(encoder);
    }
};

H264Encoder::H264Encoder(int width, int height, const H264EncoderSettings& settings)
    : impl_(std::make_unique<Impl>()) {
    if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
        throw std::runtime_error("H264Encoder: size must be even and positive, got " +
                                 std::to_string(width) + "x" + std::to_string(height));
    }
    if (settings.threads < 1) throw std::runtime_error("H264Encoder: threads must be >= 1");
    x264_param_t params = make_params(width, height, settings);
    impl_->width = width;
    impl_->height = height;
    impl_->encoder = x264_encoder_open(&params);
    if (impl_->encoder == nullptr) throw std::runtime_error("x264_encoder_open failed");

    x264_nal_t* nals = nullptr;
    int count = 0;
    if (x264_encoder_headers(impl_->encoder, &nals, &count) < 0) {
        throw std::runtime_error("x264_encoder_headers failed");
    }
    for (int i = 0; i < count; ++i) {
        if (nals[i].i_type == NAL_SPS) impl_->sps = nal_body(nals[i]);
        if (nals[i].i_type == NAL_PPS) impl_->pps = nal_body(nals[i]);
    }
    if (impl_->sps.size() < 4 || impl_->pps.empty()) {
        throw std::runtime_error("x264 produced no SPS/PPS");
    }
}

H264Encoder::~H264Encoder() = default;

int H264Encoder::width() const {
    return impl_->width;
}
int H264Encoder::height() const {
    return impl_->height;
}
const std::vector<std::uint8_t>& H264Encoder::sps() const {
    return impl_->sps;
}
const std::vector<std::uint8_t>& H264Encoder::pps() const {
    return impl_->pps;
}

std::string H264Encoder::codec_string() const {
    // RFC 6381: profile_idc, the constraint flags byte and level_idc, straight from the SPS.
    char text[16];
    std::snprintf(text, sizeof text, "avc1.%02x%02x%02x", impl_->sps[1], impl_->sps[2],
                  impl_->sps[3]);
    return text;
}

EncodedFrame H264Encoder::encode(const Picture& picture, std::int64_t pts_90khz,
                                 bool force_keyframe, std::size_t headroom) {
    if (picture.width != impl_->width || picture.height != impl_->height) {
        throw std::invalid_argument("H264Encoder: picture is " + std::to_string(picture.width) +
                                    "x" + std::to_string(picture.height) + ", encoder is " +
                                    std::to_string(impl_->width) + "x" +
                                    std::to_string(impl_->height));
    }
    if (picture.planes[0] == nullptr || picture.planes[1] == nullptr ||
        picture.planes[2] == nullptr) {
        throw std::invalid_argument("H264Encoder: picture has no pixels");
    }
    x264_picture_t in;
    x264_picture_init(&in);
    in.img.i_csp = X264_CSP_I420;
    in.img.i_plane = 3;
    for (int i = 0; i < 3; ++i) {
        // x264 only reads the input planes; its API is just not const-correct.
        in.img.plane[i] = const_cast<std::uint8_t*>(picture.planes[i]);
        in.img.i_stride[i] = picture.strides[i];
    }
    in.i_pts = pts_90khz;
    in.i_type = force_keyframe ? X264_TYPE_IDR : X264_TYPE_AUTO;

    x264_picture_t out;
    x264_nal_t* nals = nullptr;
    int count = 0;
    const int size = x264_encoder_encode(impl_->encoder, &nals, &count, &in, &out);
    if (size < 0) throw std::runtime_error("x264_encoder_encode failed");
    if (size == 0) {
        // With zerolatency and no B-frames x264 never buffers; if it does, the settings are wrong.
        throw std::logic_error("x264 delayed a frame; zero-latency settings not in effect");
    }

    EncodedFrame frame;
    frame.keyframe = out.b_keyframe != 0;
    frame.pts = out.i_pts;
    frame.offset = headroom;
    frame.buffer.reserve(headroom + static_cast<std::size_t>(size));
    frame.buffer.resize(headroom);
    for (int i = 0; i < count; ++i) {
        // SPS/PPS live in the init segment; the version SEI of the first frame is of no use.
        if (nals[i].i_type != NAL_SLICE && nals[i].i_type != NAL_SLICE_IDR) continue;
        frame.buffer.insert(frame.buffer.end(), nals[i].p_payload,
                            nals[i].p_payload + nals[i].i_payload);
    }
    return frame;
}

}  // namespace camstream::media
