#include "stream/fragment_queue.hpp"

#include <gtest/gtest.h>

namespace camstream::stream {
namespace {

StreamMessage fragment(bool keyframe, int n = 0) {
    return {StreamMessage::Kind::fragment, std::make_shared<const std::string>(std::to_string(n)),
            keyframe};
}
StreamMessage text(const char* s, StreamMessage::Kind kind = StreamMessage::Kind::init_info) {
    return {kind, std::make_shared<const std::string>(s), false};
}

TEST(FragmentQueue, NewViewerStartsAtAKeyframe) {
    FragmentQueue q(10);
    EXPECT_TRUE(q.push(fragment(false)).wants_keyframe);
    EXPECT_EQ(q.size(), 0u);
    EXPECT_FALSE(q.push(fragment(true, 1)).wants_keyframe);
    EXPECT_FALSE(q.push(fragment(false, 2)).wants_keyframe);
    ASSERT_EQ(q.size(), 2u);
    EXPECT_EQ(*q.pop()->payload, "1");
    EXPECT_EQ(*q.pop()->payload, "2");
    EXPECT_FALSE(q.pop());
}

TEST(FragmentQueue, OverflowSkipsToTheNextKeyframeAndKeepsControlMessages) {
    FragmentQueue q(3);
    q.push(text("init"));
    q.push(fragment(true, 1));
    q.push(fragment(false, 2));
    q.push(fragment(false, 3));
    const auto result = q.push(fragment(false, 4));  // the fourth frame overflows
    EXPECT_TRUE(result.overflowed);
    EXPECT_TRUE(result.wants_keyframe);
    EXPECT_EQ(q.skips(), 1u);
    EXPECT_EQ(q.frames_skipped(), 4u);
    q.push(fragment(false, 5));  // still waiting
    q.push(fragment(true, 6));
    EXPECT_EQ(*q.pop()->payload, "init");
    auto next = q.pop();
    EXPECT_TRUE(next->keyframe);
    EXPECT_EQ(*next->payload, "6");
    EXPECT_FALSE(q.pop());
}

TEST(FragmentQueue, MemoryStaysBoundedForAViewerThatNeverReads) {
    FragmentQueue q(5);
    for (int i = 0; i < 10000; ++i) q.push(fragment(i % 50 == 0, i));
    EXPECT_LE(q.size(), 5u);
    EXPECT_GT(q.skips(), 0u);
}

TEST(FragmentQueue, AFlappingCameraCannotGrowTheQueueOfAViewerThatDoesNotRead) {
    FragmentQueue q(5);
    const auto status = StreamMessage::Kind::status;
    for (int i = 0; i < 1000; ++i) {
        q.push(text("offline", status));
        q.push(text("online", status));
        q.push(text("init"));
        q.push({StreamMessage::Kind::init_segment, std::make_shared<const std::string>("moov"),
                false});
        q.push(fragment(true, i));
    }
    EXPECT_EQ(q.size(), 4u);  // the latest status, init, init segment and keyframe
    EXPECT_EQ(*q.pop()->payload, "online");
    EXPECT_EQ(*q.pop()->payload, "init");
    EXPECT_EQ(*q.pop()->payload, "moov");
    EXPECT_EQ(*q.pop()->payload, "999");
}

TEST(FragmentQueue, NewInitDropsFramesOfTheOldEncoder) {
    FragmentQueue q(10);
    q.push(fragment(true, 1));
    q.push(fragment(false, 2));
    q.push(text("init"));
    q.push({StreamMessage::Kind::init_segment, std::make_shared<const std::string>("moov"), false});
    EXPECT_TRUE(q.waiting_for_keyframe());
    q.push(fragment(true, 3));
    EXPECT_EQ(*q.pop()->payload, "init");
    EXPECT_EQ(*q.pop()->payload, "moov");
    EXPECT_EQ(*q.pop()->payload, "3");
}

}  // namespace
}  // namespace camstream::stream
