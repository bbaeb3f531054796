// One camera WebSocket message, taken the way the server takes it: the bytes go to the hub's
// CameraStream::submit_jpeg for a connected camera that a viewer watches, so the whole frame
// path runs: header check, size-change rule, JPEG decode, H.264 encode, fMP4 fragment, and
// the viewer's queue. The hub, camera and viewer live across inputs, as a camera's
// connection does across its frames; the media strand runs on this thread.
//
// Checked: every message is accounted for (encoded, or refused and counted); whatever reaches
// the viewer is well formed (a format before frames, its first frame a keyframe, even picture
// size within the limits, fragments made of whole boxes). Memory: run with -rss_limit_mb and
// -malloc_limit_mb (fuzz/run.sh does) so a small message that claims a huge picture and gets
// past the header check shows up as a crash.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "server/server_config.hpp"
#include "stream/consumer.hpp"
#include "stream/stream_hub.hpp"

namespace {

using namespace camstream;
using Clock = stream::CameraStream::Clock;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "camera_frame invariant broken: %s\n", what);
    std::abort();
}

std::uint32_t be32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

// A sequence of ISO-BMFF boxes that fills `bytes` exactly; true if the first is `first`.
bool whole_boxes(const media::Bytes& bytes, const char* first) {
    std::size_t at = 0;
    bool first_ok = false;
    while (at < bytes.size()) {
        if (bytes.size() - at < 8) return false;
        const std::uint32_t size = be32(&bytes[at]);
        if (size < 8 || size > bytes.size() - at) return false;
        if (at == 0) first_ok = std::equal(first, first + 4, &bytes[at + 4]);
        at += size;
    }
    return first_ok;
}

struct Pipeline {
    server::ServerConfig config;  // the server's defaults: limits, encoder, intervals
    boost::asio::io_context media;
    stream::StreamHub hub{config.stream, media.get_executor(), config.max_cameras};
    std::shared_ptr<stream::CameraStream> camera = hub.camera("fuzz");
    std::uint64_t source = camera->attach_source([] {}, [](double, bool) {});
    std::shared_ptr<stream::Consumer> viewer = std::make_shared<stream::Consumer>(
        stream::ConsumerOptions{.max_frames = config.viewer_queue_frames}, nullptr);
    Clock::time_point arrival = Clock::now();
    std::shared_ptr<const stream::StreamFormat> format;  // the viewer's current stream
    bool frame_seen_in_format = false;

    Pipeline() {
        camera->add_consumer(viewer);
        run_strand();
        while (viewer->pop()) {
        }
    }

    void run_strand() {
        media.restart();
        media.run();
    }

    void check_viewer() {
        while (auto event = viewer->pop()) {
            switch (event->kind) {
                case stream::StreamEvent::Kind::format: {
                    const auto& f = *event->format;
                    if (f.width <= 0 || f.height <= 0 || f.width % 2 || f.height % 2 ||
                        f.width > config.stream.limits.max_width ||
                        f.height > config.stream.limits.max_height ||
                        std::uint64_t(f.width) * std::uint64_t(f.height) >
                            config.stream.limits.max_pixels) {
                        fail("format size outside the limits or odd");
                    }
                    if (!f.init_segment || !whole_boxes(*f.init_segment, "ftyp")) {
                        fail("init segment is not ftyp+moov");
                    }
                    if (format && f.generation <= format->generation) fail("generation went back");
                    format = event->format;
                    frame_seen_in_format = false;
                    break;
                }
                case stream::StreamEvent::Kind::frame: {
                    const auto& frame = *event->frame;
                    if (!format) fail("frame before any format");
                    if (!frame.fragment || !whole_boxes(*frame.fragment, "prft")) {
                        fail("fragment is not prft+moof+mdat");
                    }
                    if (frame.access_unit_offset >= frame.fragment->size()) {
                        fail("access unit outside its fragment");
                    }
                    if (!frame_seen_in_format && !frame.keyframe)
                        fail("stream starts without keyframe");
                    frame_seen_in_format = true;
                    break;
                }
                case stream::StreamEvent::Kind::online:
                case stream::StreamEvent::Kind::offline:
                    break;
            }
        }
    }
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // A refused frame logs a line: not worth the time, unless asked for (CAMSTREAM_FUZZ_LOG=1).
    if (!std::getenv("CAMSTREAM_FUZZ_LOG")) spdlog::set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Pipeline pipeline;
    // Beast closes a camera whose message is over the limit before anything reaches the hub.
    if (size > pipeline.config.max_message_bytes) return -1;

    const auto before = pipeline.camera->snapshot();
    // A camera at 4 fps: keyframes come every 2 s (8 frames), and a size change is allowed
    // once in 8 frames, so both P-frames and refused size changes are reached.
    pipeline.arrival += std::chrono::milliseconds(250);
    pipeline.camera->submit_jpeg(pipeline.source, media::share(media::Bytes(data, data + size)),
                                 pipeline.arrival);
    pipeline.run_strand();
    const auto after = pipeline.camera->snapshot();

    const auto encoded = after.frames_encoded - before.frames_encoded;
    const auto refused = after.frames_rejected - before.frames_rejected;
    if (after.frames_received != before.frames_received + 1) fail("message not counted");
    if (encoded + refused != 1 || after.frames_dropped != before.frames_dropped) {
        fail("a message was neither encoded nor refused, or both");
    }
    pipeline.check_viewer();
    return 0;
}
