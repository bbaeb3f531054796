#include "server/events_protocol.hpp"

#include <gtest/gtest.h>

#include "server/latest_per_key.hpp"

namespace camstream::server {
namespace {

stream::CameraSnapshot snapshot(std::string id, bool connected, int width, int height) {
    stream::CameraSnapshot s;
    s.id = std::move(id);
    s.connected = connected;
    s.width = width;
    s.height = height;
    return s;
}

TEST(EventsProtocol, TheListIsSortedByIdWithStateAndSize) {
    const std::string list =
        cameras_message({snapshot("yard", false, 0, 0), snapshot("door", true, 640, 480)}, 1.5);
    EXPECT_EQ(list,
              R"({"type":"cameras","server_time":1.5,"cameras":[)"
              R"({"id":"door","state":"online","width":640,"height":480},)"
              R"({"id":"yard","state":"offline","width":0,"height":0}]})");
    EXPECT_EQ(cameras_message({}, 2.0), R"({"type":"cameras","server_time":2.0,"cameras":[]})");
}

TEST(EventsProtocol, AChangeCarriesTheWholeStateOfItsCamera) {
    stream::HubEvent online;
    online.camera = {"door", true, 800, 600};
    EXPECT_EQ(event_message(online),
              R"({"type":"camera","id":"door","state":"online","width":800,"height":600})");
    stream::HubEvent removed;
    removed.kind = stream::HubEvent::Kind::removed;
    removed.camera.id = "door";
    EXPECT_EQ(event_message(removed), R"({"type":"removed","id":"door"})");
}

TEST(LatestPerKey, KeepsTheNewestPerKeyInFirstPendingOrder) {
    LatestPerKey queue;
    EXPECT_TRUE(queue.put("a", "a1"));  // was empty: wake the taker
    EXPECT_FALSE(queue.put("b", "b1"));
    EXPECT_FALSE(queue.put("a", "a2"));
    EXPECT_EQ(queue.take(), "a2");
    EXPECT_EQ(queue.take(), "b1");
    EXPECT_FALSE(queue.take());
    EXPECT_TRUE(queue.put("b", "b2"));
    EXPECT_EQ(queue.take(), "b2");
}

}  // namespace
}  // namespace camstream::server
