// The slow-consumer policy: bounded in frames and bytes, skipping to a keyframe (H.264) or
// the newest JPEG (JPEG-only), never losing the events a consumer needs to decode.
#include "stream/detail/event_queue.hpp"

#include <gtest/gtest.h>

namespace camstream::stream {
namespace {

media::SharedBytes bytes_of(int n, std::size_t size = 4) {
    media::Bytes b(size, 0);
    b[0] = static_cast<std::uint8_t>(n);
    return media::share(std::move(b));
}

StreamEvent h264(bool keyframe, int n = 0, std::size_t size = 4) {
    auto f = std::make_shared<Frame>();
    f->fragment = bytes_of(n, size);
    f->jpeg = bytes_of(n, 1000);
    f->keyframe = keyframe;
    return {StreamEvent::Kind::frame, nullptr, f};
}
StreamEvent jpeg_only(int n, std::size_t size = 4) {
    auto f = std::make_shared<Frame>();
    f->jpeg = bytes_of(n, size);
    return {StreamEvent::Kind::frame, nullptr, f};
}
StreamEvent format(std::uint64_t generation) {
    auto f = std::make_shared<StreamFormat>();
    f->generation = generation;
    return {StreamEvent::Kind::format, f, nullptr};
}
StreamEvent status(bool online) {
    return {online ? StreamEvent::Kind::online : StreamEvent::Kind::offline, nullptr, nullptr};
}
int number(const std::optional<StreamEvent>& e) {
    EXPECT_TRUE(e && e->kind == StreamEvent::Kind::frame);
    const Frame& f = *e->frame;
    return (*(f.fragment ? f.fragment : f.jpeg))[0];
}

ConsumerOptions h264_options(std::size_t frames, std::size_t bytes = 1 << 20) {
    ConsumerOptions o;
    o.max_frames = frames;
    o.max_bytes = bytes;
    return o;
}
ConsumerOptions jpeg_options(std::size_t frames, std::size_t bytes = 1 << 20) {
    ConsumerOptions o;
    o.kind = "mjpeg";
    o.wants_jpeg = true;
    o.wants_h264 = false;
    o.max_frames = frames;
    o.max_bytes = bytes;
    return o;
}

TEST(EventQueue, NewH264ConsumerStartsAtAKeyframe) {
    EventQueue q(h264_options(10));
    EXPECT_TRUE(q.push(h264(false)).wants_keyframe);
    EXPECT_EQ(q.size(), 0u);
    EXPECT_FALSE(q.push(h264(true, 1)).wants_keyframe);
    EXPECT_FALSE(q.push(h264(false, 2)).wants_keyframe);
    ASSERT_EQ(q.size(), 2u);
    EXPECT_EQ(number(q.pop()), 1);
    EXPECT_EQ(number(q.pop()), 2);
    EXPECT_FALSE(q.pop());
}

TEST(EventQueue, OverflowSkipsToTheNextKeyframeAndKeepsTheFormat) {
    EventQueue q(h264_options(3));
    q.push(format(1));
    q.push(h264(true, 1));
    q.push(h264(false, 2));
    q.push(h264(false, 3));
    const auto result = q.push(h264(false, 4));  // the fourth frame overflows
    EXPECT_TRUE(result.overflowed);
    EXPECT_TRUE(result.wants_keyframe);
    EXPECT_EQ(q.skips(), 1u);
    EXPECT_EQ(q.frames_skipped(), 4u);
    q.push(h264(false, 5));  // still waiting
    q.push(h264(true, 6));
    EXPECT_EQ(q.pop()->kind, StreamEvent::Kind::format);
    auto next = q.pop();
    EXPECT_TRUE(next->frame->keyframe);
    EXPECT_EQ(number(next), 6);
    EXPECT_FALSE(q.pop());
}

TEST(EventQueue, BytesBoundTheQueueAsWellAsFrames) {
    EventQueue q(h264_options(100, 10'000));
    q.push(h264(true, 1, 4000));
    q.push(h264(false, 2, 4000));
    EXPECT_EQ(q.queued_bytes(), 8000u);  // only the fragments count: no JPEG wanted
    const auto result = q.push(h264(false, 3, 4000));
    EXPECT_TRUE(result.overflowed);
    EXPECT_EQ(q.size(), 0u);
    EXPECT_EQ(q.queued_bytes(), 0u);
    q.push(h264(true, 4, 4000));
    EXPECT_EQ(number(q.pop()), 4);
    EXPECT_EQ(q.queued_bytes(), 0u);
}

TEST(EventQueue, AFrameLargerThanTheWholeBudgetStillReachesAnEmptyQueue) {
    EventQueue q(h264_options(10, 100));
    EXPECT_FALSE(q.push(h264(true, 1, 500)).overflowed);
    EXPECT_EQ(number(q.pop()), 1);
}

TEST(EventQueue, JpegConsumerSkipsToTheNewestJpegWithoutWaitingForAKeyframe) {
    EventQueue q(jpeg_options(2));
    q.push(jpeg_only(1));
    q.push(jpeg_only(2));
    const auto result = q.push(jpeg_only(3));
    EXPECT_TRUE(result.overflowed);
    EXPECT_FALSE(result.wants_keyframe);
    EXPECT_EQ(q.size(), 1u);
    EXPECT_EQ(number(q.pop()), 3);
    // A format change does not touch JPEGs already queued.
    q.push(jpeg_only(4));
    q.push(format(2));
    EXPECT_EQ(number(q.pop()), 4);
}

TEST(EventQueue, JpegConsumerCountsOnlyJpegBytes) {
    EventQueue q(jpeg_options(10, 3000));
    auto f = std::make_shared<Frame>();
    f->jpeg = bytes_of(1, 2000);
    f->fragment = bytes_of(1, 100'000);
    q.push({StreamEvent::Kind::frame, nullptr, f});
    EXPECT_EQ(q.queued_bytes(), 2000u);
}

TEST(EventQueue, H264ConsumerIgnoresFramesThatWereNotEncoded) {
    EventQueue q(h264_options(10));
    q.push(jpeg_only(1));
    EXPECT_EQ(q.size(), 0u);
}

TEST(EventQueue, MemoryStaysBoundedForAConsumerThatNeverReads) {
    EventQueue q(h264_options(5));
    for (int i = 0; i < 10000; ++i) q.push(h264(i % 50 == 0, i));
    EXPECT_LE(q.size(), 5u);
    EXPECT_GT(q.skips(), 0u);
}

TEST(EventQueue, AFlappingCameraCannotGrowTheQueueOfAConsumerThatDoesNotRead) {
    EventQueue q(h264_options(5));
    for (int i = 0; i < 1000; ++i) {
        q.push(status(false));
        q.push(status(true));
        q.push(format(static_cast<std::uint64_t>(i)));
        q.push(h264(true, i % 256));
    }
    EXPECT_EQ(q.size(), 3u);  // the latest status, format and keyframe
    EXPECT_EQ(q.pop()->kind, StreamEvent::Kind::online);
    EXPECT_EQ(q.pop()->format->generation, 999u);
    EXPECT_EQ(number(q.pop()), 999 % 256);
}

TEST(EventQueue, NewFormatDropsFramesOfTheOldEncoder) {
    EventQueue q(h264_options(10));
    q.push(h264(true, 1));
    q.push(h264(false, 2));
    q.push(format(2));
    EXPECT_TRUE(q.waiting_for_keyframe());
    q.push(h264(true, 3));
    EXPECT_EQ(q.pop()->kind, StreamEvent::Kind::format);
    EXPECT_EQ(number(q.pop()), 3);
}

}  // namespace
}  // namespace camstream::stream
