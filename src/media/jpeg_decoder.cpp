#include "media/jpeg_decoder.hpp"

#include <turbojpeg.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "media/chroma_downsample.hpp"
#include "media/jpeg_header.hpp"

namespace camstream::media {

namespace {

// A hostile progressive JPEG can carry thousands of scans and cost seconds to decode;
// TJFLAG_LIMITSCANS caps them (at 500) so one camera cannot stall the others. A warning
// (damaged data that libjpeg would paper over by inventing pixels) stops the decode instead
// of running through the whole picture.
constexpr int kDecodeFlags = TJFLAG_LIMITSCANS | TJFLAG_STOPONWARNING;

// OV2640 hardware encoders pad the last entropy segment, and libjpeg warns about it although
// the picture is whole: decoding already finished when it reaches EOI.
bool is_benign_warning(const std::string& message) {
    return message.find("extraneous bytes before marker 0xd9") != std::string::npos;
}

bool is_premature_eof(const std::string& message) {
    // libjpeg's JWRN_JPEG_EOF; "premature end of data segment" (JWRN_HIT_MARKER) is different:
    // it means the entropy decoder hit a marker early, i.e. damaged data.
    return message.find("Premature end of JPEG file") != std::string::npos;
}

}  // namespace

std::string_view to_string(JpegError e) {
    switch (e) {
        case JpegError::empty:
            return "empty";
        case JpegError::not_jpeg:
            return "not_jpeg";
        case JpegError::truncated:
            return "truncated";
        case JpegError::corrupt:
            return "corrupt";
        case JpegError::too_large:
            return "too_large";
        case JpegError::unsupported:
            return "unsupported";
    }
    return "unknown";
}

struct JpegDecoder::Impl {
    JpegDecoderLimits limits;
    tjhandle handle = nullptr;
    // Chroma planes at the JPEG's own subsampling when it is not 4:2:0; they are reduced to
    // 4:2:0 into the Picture afterwards.
    std::vector<std::uint8_t> chroma_scratch;

    std::optional<JpegDecodeFailure> fail(JpegError error, std::string detail) const {
        return JpegDecodeFailure{error, std::move(detail)};
    }

    // turbojpeg 2.1 leaves the libjpeg object mid-header after a failed tjDecompressHeader3,
    // and the next frame then fails with "two SOI markers"; it has no call to abort, so the
    // handle is replaced. Failures are rare enough for this to cost nothing.
    void reset_handle() {
        tjDestroy(handle);
        handle = tjInitDecompress();
        if (handle == nullptr) {
            throw std::runtime_error(std::string("tjInitDecompress: ") + tjGetErrorStr2(nullptr));
        }
    }

    // After tjDecompressToYUVPlanes returned -1: decide whether the picture can be used.
    std::optional<JpegDecodeFailure> classify_decode_error() {
        const std::string message = tjGetErrorStr2(handle);
        const bool warning = tjGetErrorCode(handle) == TJERR_WARNING;
        if (warning && is_benign_warning(message)) return std::nullopt;
        reset_handle();
        if (is_premature_eof(message)) return fail(JpegError::truncated, message);
        return fail(JpegError::corrupt, message);
    }

    std::optional<JpegDecodeFailure> decode(std::span<const std::uint8_t> jpeg, Picture& out);
};

JpegDecoder::JpegDecoder(JpegDecoderLimits limits) : impl_(std::make_unique<Impl>()) {
    impl_->limits = limits;
    impl_->handle = tjInitDecompress();
    if (impl_->handle == nullptr) {
        throw std::runtime_error(std::string("tjInitDecompress: ") + tjGetErrorStr2(nullptr));
    }
}

JpegDecoder::~JpegDecoder() {
    tjDestroy(impl_->handle);
}

std::optional<JpegDecodeFailure> JpegDecoder::decode(std::span<const std::uint8_t> jpeg,
                                                     Picture& out) {
    return impl_->decode(jpeg, out);
}

std::optional<JpegDecodeFailure> JpegDecoder::Impl::decode(std::span<const std::uint8_t> jpeg,
                                                           Picture& out) {
    // Whatever happens below, `out` must not keep plane pointers into storage that may move.
    out.width = out.height = 0;
    std::fill(std::begin(out.planes), std::end(out.planes), nullptr);
    std::fill(std::begin(out.strides), std::end(out.strides), 0);

    // Checked before anything is allocated: the header alone can claim gigabytes.
    const auto inspected = inspect_jpeg(jpeg, limits);
    if (const auto* failure = std::get_if<JpegDecodeFailure>(&inspected)) return *failure;

    int width = 0;
    int height = 0;
    int subsamp = -1;
    int colorspace = -1;
    if (tjDecompressHeader3(handle, jpeg.data(), static_cast<unsigned long>(jpeg.size()), &width,
                            &height, &subsamp, &colorspace) != 0) {
        std::string message = tjGetErrorStr2(handle);
        reset_handle();
        return fail(JpegError::corrupt, std::move(message));
    }
    if (width < 1 || height < 1) {
        // A datastream of tables only (or SOI+EOI) parses as a header of size 0x0.
        return fail(JpegError::corrupt, "JPEG datastream contains no image");
    }
    if (width < 2 || height < 2) {
        return fail(JpegError::corrupt, std::to_string(width) + "x" + std::to_string(height) +
                                            " is too small to crop to an even size");
    }
    if (colorspace != TJCS_YCbCr && colorspace != TJCS_GRAY) {
        // Raw YUV output of an RGB or CMYK JPEG would be those components, not Y/Cb/Cr.
        return fail(JpegError::corrupt, "unsupported colour space " + std::to_string(colorspace));
    }
    if (subsamp < 0 || subsamp >= TJ_NUMSAMP) {
        return fail(JpegError::corrupt, "unsupported chroma subsampling");
    }
    const bool native_420 = subsamp == TJSAMP_420;
    const bool gray = subsamp == TJSAMP_GRAY;

    const int even_width = width & ~1;
    const int even_height = height & ~1;
    const int y_stride = tjPlaneWidth(0, width, subsamp);
    const std::size_t y_size =
        static_cast<std::size_t>(y_stride) * tjPlaneHeight(0, height, subsamp);

    // Planes of the Picture: 4:2:0 JPEGs decode straight into them at their own (possibly
    // odd) size; everything else gets 4:2:0 planes of the cropped size.
    const int c_stride = native_420 ? tjPlaneWidth(1, width, subsamp) : even_width / 2;
    const int c_height = native_420 ? tjPlaneHeight(1, height, subsamp) : even_height / 2;
    const std::size_t c_size = static_cast<std::size_t>(c_stride) * c_height;
    out.storage.resize(y_size + 2 * c_size);
    std::uint8_t* y_plane = out.storage.data();
    std::uint8_t* u_plane = y_plane + y_size;
    std::uint8_t* v_plane = u_plane + c_size;

    unsigned char* dst[3] = {y_plane, u_plane, v_plane};
    int dst_strides[3] = {y_stride, c_stride, c_stride};
    int src_c_stride = 0;
    int src_c_height = 0;
    if (!native_420 && !gray) {
        src_c_stride = tjPlaneWidth(1, width, subsamp);
        src_c_height = tjPlaneHeight(1, height, subsamp);
        const std::size_t src_c_size = static_cast<std::size_t>(src_c_stride) * src_c_height;
        chroma_scratch.resize(2 * src_c_size);
        dst[1] = chroma_scratch.data();
        dst[2] = chroma_scratch.data() + src_c_size;
        dst_strides[1] = dst_strides[2] = src_c_stride;
    }

    if (tjDecompressToYUVPlanes(handle, jpeg.data(), static_cast<unsigned long>(jpeg.size()), dst,
                                width, dst_strides, height, kDecodeFlags) != 0) {
        if (auto failure = classify_decode_error()) return failure;
    }

    if (gray) {
        std::memset(u_plane, 128, 2 * c_size);  // neutral chroma
    } else if (!native_420) {
        const ChromaLayout src{src_c_stride, src_c_height, tjMCUWidth[subsamp] / 8,
                               tjMCUHeight[subsamp] / 8};
        downsample_to_420(dst[1], src, u_plane, c_stride, even_width / 2, even_height / 2);
        downsample_to_420(dst[2], src, v_plane, c_stride, even_width / 2, even_height / 2);
    }

    out.width = even_width;
    out.height = even_height;
    out.planes[0] = y_plane;
    out.planes[1] = u_plane;
    out.planes[2] = v_plane;
    out.strides[0] = y_stride;
    out.strides[1] = c_stride;
    out.strides[2] = c_stride;
    return std::nullopt;
}

}  // namespace camstream::media
