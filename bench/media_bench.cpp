// Per-frame cost of each media stage at the cameras' usual 640x480, quality-80 JPEG.
#include <benchmark/benchmark.h>
#include <turbojpeg.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "media/fmp4_muxer.hpp"
#include "media/h264_encoder.hpp"
#include "media/jpeg_decoder.hpp"

namespace {

using namespace camstream::media;
using Bytes = std::vector<std::uint8_t>;

constexpr int kWidth = 640;
constexpr int kHeight = 480;
constexpr int kFrames = 30;            // a loop of distinct frames, so the encoder sees motion
constexpr std::int64_t kTicks = 3000;  // 30 fps at 90 kHz

// A camera-like scene: smooth shading, some texture, and a block that moves each frame.
Bytes make_jpeg(int frame, int subsamp) {
    std::vector<std::uint8_t> rgb(static_cast<std::size_t>(kWidth) * kHeight * 3);
    for (int y = 0; y < kHeight; ++y) {
        for (int x = 0; x < kWidth; ++x) {
            std::uint8_t* p = &rgb[(static_cast<std::size_t>(y) * kWidth + x) * 3];
            const int texture = static_cast<int>(20 * std::sin(x * 0.3) * std::cos(y * 0.2));
            const bool block = x >= frame * 12 && x < frame * 12 + 96 && y >= 150 && y < 260;
            p[0] = static_cast<std::uint8_t>(block ? 220 : 60 + x / 5 + texture);
            p[1] = static_cast<std::uint8_t>(block ? 40 : 50 + y / 4 + texture);
            p[2] = static_cast<std::uint8_t>(block ? 40 : 120 + texture);
        }
    }
    tjhandle handle = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long size = 0;
    if (tjCompress2(handle, rgb.data(), kWidth, 0, kHeight, TJPF_RGB, &out, &size, subsamp, 80,
                    0) != 0) {
        throw std::runtime_error(tjGetErrorStr2(handle));
    }
    Bytes jpeg(out, out + size);
    tjFree(out);
    tjDestroy(handle);
    return jpeg;
}

const std::vector<Bytes>& jpegs(int subsamp) {
    static std::vector<Bytes> s420, s422;
    std::vector<Bytes>& set = subsamp == TJSAMP_420 ? s420 : s422;
    if (set.empty()) {
        for (int i = 0; i < kFrames; ++i) set.push_back(make_jpeg(i, subsamp));
    }
    return set;
}

H264EncoderSettings camera_settings() {
    H264EncoderSettings s;  // ultrafast, baseline, CRF 23, one thread: the server's defaults
    return s;
}

void BM_DecodeJpeg(benchmark::State& state) {
    const auto& frames = jpegs(static_cast<int>(state.range(0)));
    JpegDecoder decoder;
    Picture picture;
    std::size_t i = 0;
    for (auto _ : state) {
        if (decoder.decode(frames[i++ % frames.size()], picture)) state.SkipWithError("decode");
        benchmark::DoNotOptimize(picture.planes[0]);
    }
    state.SetLabel(state.range(0) == TJSAMP_420 ? "4:2:0" : "4:2:2");
}
BENCHMARK(BM_DecodeJpeg)->Arg(TJSAMP_420)->Arg(TJSAMP_422)->Unit(benchmark::kMicrosecond);

// Decoded pictures, kept alive together (a Picture's planes point into its own storage).
const std::vector<std::unique_ptr<Picture>>& pictures() {
    static std::vector<std::unique_ptr<Picture>> set;
    if (set.empty()) {
        JpegDecoder decoder;
        for (const Bytes& jpeg : jpegs(TJSAMP_420)) {
            set.push_back(std::make_unique<Picture>());
            if (decoder.decode(jpeg, *set.back())) throw std::runtime_error("decode");
        }
    }
    return set;
}

void BM_EncodeH264(benchmark::State& state) {
    const auto& input = pictures();
    H264Encoder encoder(kWidth, kHeight, camera_settings());
    std::int64_t n = 0;
    for (auto _ : state) {
        EncodedFrame frame = encoder.encode(*input[n % input.size()], n * kTicks, false);
        benchmark::DoNotOptimize(frame.buffer.data());
        ++n;
    }
}
BENCHMARK(BM_EncodeH264)->Unit(benchmark::kMicrosecond);

void BM_MuxFragment(benchmark::State& state) {
    H264Encoder encoder(kWidth, kHeight, camera_settings());
    std::vector<EncodedFrame> frames;
    for (std::size_t i = 0; i < pictures().size(); ++i) {
        frames.push_back(encoder.encode(*pictures()[i], 0, false));
    }
    Fmp4Muxer muxer(kWidth, kHeight, encoder.sps(), encoder.pps());
    std::int64_t n = 0;
    for (auto _ : state) {
        EncodedFrame& frame = frames[n % frames.size()];
        frame.pts = n * kTicks;
        Bytes fragment = muxer.fragment(frame, kTicks);
        benchmark::DoNotOptimize(fragment.data());
        ++n;
    }
}
BENCHMARK(BM_MuxFragment)->Unit(benchmark::kMicrosecond);

void BM_Pipeline(benchmark::State& state) {
    const auto& frames = jpegs(TJSAMP_420);
    JpegDecoder decoder;
    Picture picture;
    H264Encoder encoder(kWidth, kHeight, camera_settings());
    Fmp4Muxer muxer(kWidth, kHeight, encoder.sps(), encoder.pps());
    std::int64_t n = 0;
    for (auto _ : state) {
        if (decoder.decode(frames[n % frames.size()], picture)) state.SkipWithError("decode");
        // As the hub runs it: the muxer writes its header into the encoder's headroom.
        EncodedFrame frame =
            encoder.encode(picture, n * kTicks, false, Fmp4Muxer::kFragmentHeadroom);
        Bytes fragment = muxer.fragment(std::move(frame), kTicks);
        benchmark::DoNotOptimize(fragment.data());
        ++n;
    }
}
BENCHMARK(BM_Pipeline)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
