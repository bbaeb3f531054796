#include "mp4_playback.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

namespace camstream::media::test {

namespace {

struct MemoryReader {
    const std::vector<std::uint8_t>* data;
    std::size_t pos = 0;

    static int read(void* opaque, std::uint8_t* buf, int size) {
        auto* self = static_cast<MemoryReader*>(opaque);
        const std::size_t left = self->data->size() - self->pos;
        if (left == 0) return AVERROR_EOF;
        const std::size_t n = std::min(left, static_cast<std::size_t>(size));
        std::memcpy(buf, self->data->data() + self->pos, n);
        self->pos += n;
        return static_cast<int>(n);
    }
};

DecodedPlane copy_plane(const AVFrame* frame, int plane, int width, int height) {
    DecodedPlane out;
    out.width = width;
    out.height = height;
    out.pixels.resize(static_cast<std::size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
        std::memcpy(&out.pixels[static_cast<std::size_t>(y) * width],
                    frame->data[plane] + static_cast<std::ptrdiff_t>(y) * frame->linesize[plane],
                    width);
    }
    return out;
}

}  // namespace

Playback play(const std::vector<std::uint8_t>& file) {
    Playback result;
    MemoryReader reader{&file};
    constexpr int kBuf = 4096;
    auto* buffer = static_cast<unsigned char*>(av_malloc(kBuf));
    AVIOContext* io =
        avio_alloc_context(buffer, kBuf, 0, &reader, &MemoryReader::read, nullptr, nullptr);
    AVFormatContext* fmt = avformat_alloc_context();
    fmt->pb = io;
    fmt->flags |= AVFMT_FLAG_CUSTOM_IO;
    if (avformat_open_input(&fmt, nullptr, nullptr, nullptr) < 0) {
        av_freep(&io->buffer);
        avio_context_free(&io);
        throw std::runtime_error("avformat_open_input failed");
    }
    const AVCodecParameters* par = fmt->streams[0]->codecpar;
    const AVCodec* codec = avcodec_find_decoder(par->codec_id);
    AVCodecContext* dec = avcodec_alloc_context3(codec);
    avcodec_parameters_to_context(dec, par);
    avcodec_open2(dec, codec, nullptr);
    AVPacket* pkt = av_packet_alloc();
    AVFrame* frame = av_frame_alloc();

    auto drain = [&] {
        while (avcodec_receive_frame(dec, frame) == 0) {
            if (result.frames == 0) {
                result.width = frame->width;
                result.height = frame->height;
                result.color_range = frame->color_range;
                result.first_y = copy_plane(frame, 0, frame->width, frame->height);
                result.first_u = copy_plane(frame, 1, frame->width / 2, frame->height / 2);
                result.first_v = copy_plane(frame, 2, frame->width / 2, frame->height / 2);
            }
            ++result.frames;
        }
    };
    while (av_read_frame(fmt, pkt) == 0) {
        if (result.dts.empty()) result.first_packet_key = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
        result.dts.push_back(pkt->dts);
        avcodec_send_packet(dec, pkt);
        av_packet_unref(pkt);
        drain();
    }
    avcodec_send_packet(dec, nullptr);
    drain();

    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&dec);
    avformat_close_input(&fmt);
    av_freep(&io->buffer);
    avio_context_free(&io);
    return result;
}

}  // namespace camstream::media::test
