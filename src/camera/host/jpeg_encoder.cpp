#include "camera/host/jpeg_encoder.hpp"

#include <turbojpeg.h>

#include <algorithm>

namespace camstream::camera {
namespace {

int to_tj(ChromaSubsampling s) {
    switch (s) {
        case ChromaSubsampling::k422:
            return TJSAMP_422;
        case ChromaSubsampling::k444:
            return TJSAMP_444;
        case ChromaSubsampling::k420:
            break;
    }
    return TJSAMP_420;
}

}  // namespace

std::optional<ChromaSubsampling> parse_chroma_subsampling(std::string_view text) {
    if (text == "420" || text == "4:2:0") return ChromaSubsampling::k420;
    if (text == "422" || text == "4:2:2") return ChromaSubsampling::k422;
    if (text == "444" || text == "4:4:4") return ChromaSubsampling::k444;
    return std::nullopt;
}

JpegEncoder::JpegEncoder(int quality, ChromaSubsampling subsampling)
    : handle_{tjInitCompress()}, quality_{std::clamp(quality, 1, 100)}, subsampling_{subsampling} {}

JpegEncoder::~JpegEncoder() {
    if (handle_) tjDestroy(handle_);
}

Status JpegEncoder::encode(const RgbImage& image, std::vector<std::uint8_t>& jpeg) {
    if (!handle_) return Status::failure("JPEG encoder unavailable: tjInitCompress failed");
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3)
        return Status::failure("JPEG encoder: bad RGB image " + std::to_string(image.width) + "x" +
                               std::to_string(image.height));

    const int samp = to_tj(subsampling_);
    // Compress straight into the caller's buffer, sized for the worst case, so
    // there is no per-frame malloc/copy/tjFree round trip.
    const unsigned long capacity = tjBufSize(image.width, image.height, samp);
    if (capacity == static_cast<unsigned long>(-1))
        return Status::failure(std::string{"JPEG encoder: "} + tjGetErrorStr2(handle_));
    jpeg.resize(capacity);
    unsigned char* out = jpeg.data();
    unsigned long size = capacity;
    if (tjCompress2(handle_, image.pixels.data(), image.width, 0, image.height, TJPF_RGB, &out,
                    &size, samp, quality_, TJFLAG_NOREALLOC | TJFLAG_FASTDCT) != 0) {
        jpeg.clear();
        return Status::failure(std::string{"JPEG encoder: "} + tjGetErrorStr2(handle_));
    }
    jpeg.resize(size);
    return Status::success();
}

}  // namespace camstream::camera
