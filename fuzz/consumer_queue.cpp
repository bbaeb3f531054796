// A consumer's queue between a camera and a slow reader, driven by a sequence of operations
// decoded from the input: the camera's side pushes online/offline, a new format (a new
// encoder: its first frame is a keyframe) and frames of any size, keyframe or not, encoded or
// JPEG only; the reader's side pops one event, drains the queue, or cancels. What a WebSocket
// viewer would write for each popped event (viewer_messages) is checked too.
//
// Checked: the queue stays bounded (frames and bytes, one frame may exceed the byte budget
// alone; at most one status and one format besides); an H.264 reader gets the format before
// any frame of it, starts at a keyframe, and after a skip gets a keyframe next; frames come
// out in order and never one of an older format; a JPEG reader gets JPEGs; nothing after
// cancel.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "server/viewer_protocol.hpp"
#include "stream/consumer.hpp"

namespace {

using namespace camstream;
using Kind = stream::StreamEvent::Kind;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "consumer_queue invariant broken: %s\n", what);
    std::abort();
}

class Input {
public:
    Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool empty() const { return at_ >= size_; }
    std::uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

// Payloads of a given size, made once: a queue counts sizes, it never reads the bytes.
media::SharedBytes bytes_of(std::size_t size) {
    static std::map<std::size_t, media::SharedBytes> made;
    auto& bytes = made[size];
    if (!bytes) bytes = media::share(media::Bytes(size, 0x42));
    return bytes;
}

struct Run {
    stream::ConsumerOptions options;
    std::size_t wakeups = 0;
    std::shared_ptr<stream::Consumer> consumer;

    // The camera's side.
    std::uint64_t generation = 0;  // the encoder now; 0: none yet
    std::shared_ptr<const stream::StreamFormat> format;
    bool encoder_fresh = false;  // its next frame is the encoder's first: a keyframe
    std::int64_t next_pts = 0;
    std::map<std::int64_t, std::uint64_t> generation_of_pts;
    bool cancelled = false;

    // The reader's side.
    std::uint64_t reader_generation = 0;  // of the last format popped
    bool reader_needs_keyframe = true;
    std::int64_t last_pts = -1;
    std::string last_text;  // the last text message written; "init" must precede fragments
    media::SharedBytes expected_init;  // the init segment owed right after an "init" text
    bool init_written = false;

    explicit Run(Input& in) {
        const std::uint8_t wants = in.byte();
        options.wants_h264 = (wants & 3) != 1;  // 0, 2, 3: H.264 (3 also JPEG); 1: JPEG only
        options.wants_jpeg = (wants & 3) != 0;
        options.max_frames = in.byte() % 40;  // 0 is taken as 1
        options.max_bytes = std::size_t{in.byte()} * 1024;
        options.kind = options.wants_h264 ? "websocket" : "mjpeg";
        consumer = std::make_shared<stream::Consumer>(options, [this] { ++wakeups; });
    }

    void push(stream::StreamEvent event) {
        const auto result = consumer->push(std::move(event));
        if (cancelled && (result.overflowed || result.wants_keyframe))
            fail("a cancelled queue acts");
        if (result.overflowed && options.wants_h264) reader_needs_keyframe = true;
    }

    void push_format() {
        auto f = std::make_shared<stream::StreamFormat>();
        f->generation = ++generation;
        f->codec = "avc1.42c01e";
        f->width = 640;
        f->height = 480;
        f->init_segment = media::share(media::Bytes{0, 0, 0, 8, 'f', 't', 'y', 'p'});
        format = f;
        encoder_fresh = true;
        push({Kind::format, std::move(f), nullptr});
    }

    void push_frame(Input& in, bool encoded) {
        const std::uint8_t shape = in.byte();
        auto frame = std::make_shared<stream::Frame>();
        frame->jpeg = bytes_of(std::size_t{in.byte()} * 97 + 1);
        if (encoded && generation != 0) {
            // The JPEG consumers had this JPEG already (a joining viewer's first picture).
            if (shape & 2) frame->jpeg = nullptr;
            frame->fragment = bytes_of(std::size_t{in.byte()} * 131 + 8);
            frame->keyframe = encoder_fresh || (shape & 1);
            encoder_fresh = false;
        }
        frame->pts = next_pts++;
        generation_of_pts[frame->pts] = generation;
        push({Kind::frame, nullptr, std::move(frame)});
    }

    void write(const server::ViewerMessage& message, const stream::StreamEvent& event) {
        if (!message.binary) {
            const std::string text(message.bytes->begin(), message.bytes->end());
            if (expected_init) fail("a text message between init and its segment");
            if (text.find("\"type\":\"init\"") != std::string::npos) {
                expected_init = event.format->init_segment;
            }
            last_text = text;
            return;
        }
        if (expected_init) {
            if (message.bytes != expected_init) fail("init text not followed by its segment");
            expected_init = nullptr;
            init_written = true;
            return;
        }
        if (!init_written) fail("a fragment on the wire before any init segment");
    }

    void pop() {
        if (auto event = consumer->pop()) check(*event);
    }

    // What the reader does with an event it took.
    void check(const stream::StreamEvent& event) {
        if (cancelled) fail("popped after cancel");
        switch (event.kind) {
            case Kind::format:
                if (!options.wants_h264) break;
                if (event.format->generation < reader_generation) fail("an older format came back");
                reader_generation = event.format->generation;
                reader_needs_keyframe = true;
                break;
            case Kind::frame: {
                const auto& frame = *event.frame;
                if (frame.pts <= last_pts) fail("frames out of order or twice");
                last_pts = frame.pts;
                if (options.wants_h264) {
                    if (!frame.fragment) fail("an H.264 reader got a frame that was not encoded");
                    if (generation_of_pts[frame.pts] != reader_generation) {
                        fail("a frame of a format the reader has not been given");
                    }
                    if (reader_needs_keyframe && !frame.keyframe) {
                        fail("no keyframe first (after the start, a new format or a skip)");
                    }
                    reader_needs_keyframe = false;
                } else if (!frame.jpeg) {
                    fail("a JPEG reader got a frame without JPEG");
                }
                break;
            }
            case Kind::online:
            case Kind::offline:
                break;
        }
        generation_of_pts.erase(generation_of_pts.begin(), generation_of_pts.upper_bound(last_pts));
        if (options.wants_h264) {
            const auto messages = server::viewer_messages("fuzz", event);
            for (std::size_t i = 0; i < messages.count; ++i) write(messages.items[i], event);
        }
    }

    // Everything queued now must fit the bounds.
    void drain() {
        std::size_t frames = 0, bytes = 0, status = 0, formats = 0;
        while (true) {
            auto peek = consumer->pop();
            if (!peek) break;
            if (peek->kind == Kind::frame) {
                ++frames;
                const auto& f = *peek->frame;
                if (options.wants_jpeg && f.jpeg) bytes += f.jpeg->size();
                if (options.wants_h264 && f.fragment) bytes += f.fragment->size();
            } else if (peek->kind == Kind::format) {
                ++formats;
            } else {
                ++status;
            }
            check(*peek);
        }
        const std::size_t max_frames = std::max<std::size_t>(options.max_frames, 1);
        if (frames > max_frames) fail("more frames queued than allowed");
        if (frames > 1 && bytes > options.max_bytes) fail("more bytes queued than allowed");
        if (status > 1 || formats > 1) fail("stale status or format events kept");
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Input in(data, size);
    Run run(in);
    // A reader may join a camera that is already streaming: the format comes first, then
    // frames of the running encoder, which are not keyframes until one is asked for.
    if (in.byte() & 1) {
        run.push_format();
        run.encoder_fresh = false;
    }
    while (!in.empty()) {
        switch (in.byte() % 9) {
            case 0:
                run.push({Kind::online, nullptr, nullptr});
                break;
            case 1:
                run.push({Kind::offline, nullptr, nullptr});
                break;
            case 2:
                run.push_format();
                break;
            case 3:
            case 4:
                run.push_frame(in, true);
                break;
            case 5:
                run.push_frame(in, false);
                break;
            case 6:
                run.pop();
                break;
            case 7:
                run.drain();
                break;
            case 8:
                run.consumer->cancel();
                run.cancelled = true;
                break;
        }
    }
    run.drain();
    return 0;
}
