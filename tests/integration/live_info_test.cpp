// What a page needs beyond the pictures: the camera list pushed as it changes (/ws/events),
// the server's clock on the viewer socket, and in every fragment the time the server received
// its picture. Real server process, real sockets.
#include <turbojpeg.h>

#include <thread>

#include "media/mp4_boxes.hpp"
#include "media/test_images.hpp"
#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

double now_ms() {
    return std::chrono::duration<double, std::milli>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

json read_json(WsClient& client, std::chrono::milliseconds timeout = 10s) {
    auto message = client.read_any(timeout);
    if (!message) {
        ADD_FAILURE() << "no message within " << timeout.count() << " ms";
        return json();
    }
    EXPECT_FALSE(message->binary);
    return json::parse(message->data);
}

// Reads camera events until one for `id` matches `state`/`width`/`height`, or times out.
// Events are coalesced per camera, so intermediate states may be skipped.
bool wait_for_camera(WsClient& events, const std::string& id, const std::string& state, int width,
                     int height, std::vector<json>* seen = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto message = events.read_any(left);
        if (!message) return false;
        const json e = json::parse(message->data);
        if (seen) seen->push_back(e);
        if (e["type"] == "camera" && e["id"] == id && e["state"] == state && e["width"] == width &&
            e["height"] == height) {
            return true;
        }
    }
    return false;
}

json camera_in(const json& list, const std::string& id) {
    for (const auto& c : list["cameras"]) {
        if (c["id"] == id) return c;
    }
    return json();
}

TEST_F(ServerTest, EventsListTheCamerasOnConnectThenEachChange) {
    // Before the page connects: "door" sends VGA pictures, "yard" exists (a viewer waits).
    WsClient door(camera_port_, "/ws/camera/door");
    send_and_wait(door, "door", media::test::make_jpeg(640, 480, TJSAMP_420, 80));
    WsClient yard_viewer(port_, "/ws/viewer/yard");
    expect_status(yard_viewer, "offline");

    WsClient events(port_, "/ws/events");
    const double before = now_ms();
    const json list = read_json(events);
    EXPECT_EQ(list["type"], "cameras");
    ASSERT_TRUE(list["server_time"].is_number()) << list.dump();
    EXPECT_NEAR(list["server_time"].get<double>(), before, 5000) << "same machine, same clock";
    ASSERT_EQ(list["cameras"].size(), 2u) << list.dump();
    EXPECT_EQ(list["cameras"][0],
              json({{"id", "door"}, {"state", "online"}, {"width", 640}, {"height", 480}}));
    EXPECT_EQ(list["cameras"][1],
              json({{"id", "yard"}, {"state", "offline"}, {"width", 0}, {"height", 0}}));

    // A new camera connects and sends: it appears, online, with its size (nobody watches it,
    // so the size comes from the JPEG header).
    auto porch = std::make_unique<WsClient>(camera_port_, "/ws/camera/porch");
    porch->send_binary(media::test::make_jpeg(320, 240, TJSAMP_420, 80));
    std::vector<json> seen;
    EXPECT_TRUE(wait_for_camera(events, "porch", "online", 320, 240, &seen));
    for (const auto& e : seen) {
        EXPECT_EQ(e["type"], "camera") << e.dump();
        EXPECT_EQ(e["id"], "porch") << "nothing happened to the others: " << e.dump();
    }

    // It changes size, then goes away.
    porch->send_binary(media::test::make_jpeg(640, 360, TJSAMP_420, 80));
    EXPECT_TRUE(wait_for_camera(events, "porch", "online", 640, 360));
    porch->close();
    porch.reset();
    EXPECT_TRUE(wait_for_camera(events, "porch", "offline", 0, 0));

    // The yard camera comes: the camera already listed goes online.
    WsClient yard(camera_port_, "/ws/camera/yard");
    EXPECT_TRUE(wait_for_camera(events, "yard", "online", 0, 0));

    // A second page gets the list as it is now.
    WsClient second(port_, "/ws/events");
    const json now = read_json(second);
    EXPECT_EQ(camera_in(now, "porch"),
              json({{"id", "porch"}, {"state", "offline"}, {"width", 0}, {"height", 0}}));
    EXPECT_EQ(camera_in(now, "yard")["state"], "online");
    EXPECT_EQ(camera_in(now, "door")["width"], 640);
}

class SmallHubTest : public ServerTest {
protected:
    // The hub keeps --max-cameras + --max-connections ids: 3 here.
    void SetUp() override { start({"--max-cameras", "1", "--max-connections", "2"}); }

    // A viewer of `id` that connects and goes. The connection cap (the events page and one
    // more) lets it in only once the one before it has gone, with its hold on its id.
    std::unique_ptr<WsClient> viewer_once_there_is_room(const std::string& id) {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (std::chrono::steady_clock::now() < deadline) {
            try {
                return std::make_unique<WsClient>(port_, "/ws/viewer/" + id);
            } catch (const std::exception&) {
                std::this_thread::sleep_for(20ms);  // refused: the last one is being let go
            }
        }
        return nullptr;
    }
};

TEST_F(SmallHubTest, EventsSayWhenTheServerForgetsAnId) {
    WsClient events(port_, "/ws/events");
    EXPECT_EQ(read_json(events)["cameras"].size(), 0u);
    for (const std::string id : {"a", "x", "y"}) {
        ASSERT_TRUE(viewer_once_there_is_room(id)) << id;  // used once, then by nobody
        EXPECT_TRUE(wait_for_camera(events, id, "offline", 0, 0));
    }
    // A fourth id needs room: the unused "a", first of the three, is forgotten.
    const auto c = viewer_once_there_is_room("c");
    ASSERT_TRUE(c) << "no room was made for a fourth id";
    std::vector<json> seen;
    EXPECT_TRUE(wait_for_camera(events, "c", "offline", 0, 0, &seen));
    bool removed = false;
    for (const auto& e : seen) removed = removed || e == json({{"type", "removed"}, {"id", "a"}});
    EXPECT_TRUE(removed) << "no removed message for \"a\"";
}

TEST_F(ServerTest, EventsRefuseWhatAPageShouldNotSend) {
    EXPECT_EQ(upgrade_status(camera_port_, "/ws/events"), 404);
    EXPECT_EQ(http_get(port_, "/ws/events").status, 426);
    {
        WsClient events(port_, "/ws/events");
        read_json(events);
        events.send_text(R"({"type":"hello"})");  // ignored
        events.send_text(std::string(2000, 'x'));
        EXPECT_EQ(events.read_until_closed(), 1009);
    }
    WsClient events(port_, "/ws/events");
    read_json(events);
    EXPECT_EQ(events.send_binary_expecting_close({1, 2, 3}), 1003);
}

TEST_F(ServerTest, AViewerGetsTheServerClockFirstAndAnswersToItsClockQuestions) {
    const double before = now_ms();
    WsClient viewer(port_, "/ws/viewer/cam");
    const json hello = read_json(viewer);
    const double after = now_ms();
    EXPECT_EQ(hello, json({{"type", "clock"}, {"server_time", hello["server_time"]}}));
    ASSERT_TRUE(hello["server_time"].is_number_float()) << "fractional milliseconds";
    EXPECT_GE(hello["server_time"].get<double>(), before - 1);
    EXPECT_LE(hello["server_time"].get<double>(), after + 1);
    EXPECT_EQ(read_json(viewer),
              json({{"type", "status"}, {"camera", "cam"}, {"state", "offline"}}))
        << "then the stream as before";

    viewer.send_text("not a question");  // ignored
    viewer.send_text(R"({"type":"clock","client_time":123456.75})");
    const double asked = now_ms();
    const json answer = read_json(viewer);
    EXPECT_EQ(answer["type"], "clock");
    EXPECT_EQ(answer["client_time"], 123456.75);
    EXPECT_GE(answer["server_time"].get<double>(), hello["server_time"].get<double>());
    EXPECT_NEAR(answer["server_time"].get<double>(), asked, 5000);

    // The answers go out between frames too.
    WsClient camera(camera_port_, "/ws/camera/cam");
    const auto jpeg = media::test::make_jpeg(320, 240, TJSAMP_420, 80);
    for (int i = 0; i < 3; ++i) send_and_wait(camera, "cam", jpeg);
    viewer.send_text(R"({"type":"clock","client_time":7})");
    bool answered = false;
    for (int i = 0; i < 20 && !answered; ++i) {
        auto m = viewer.read_any(5s);
        ASSERT_TRUE(m);
        if (m->binary) continue;
        const json j = json::parse(m->data);
        answered = j["type"] == "clock" && j["client_time"] == 7;
    }
    EXPECT_TRUE(answered);

    EXPECT_EQ(viewer.send_binary_expecting_close({0, 0, 0, 8}), 1003);
    WsClient talkative(port_, "/ws/viewer/cam");
    talkative.send_text(std::string(1025, ' '));
    EXPECT_EQ(talkative.read_until_closed(), 1009);
}

TEST_F(ServerTest, EachFragmentSaysWhenTheServerReceivedItsJpeg) {
    WsClient viewer(port_, "/ws/viewer/cam");
    expect_status(viewer, "offline");
    WsClient camera(camera_port_, "/ws/camera/cam");
    std::vector<std::vector<std::uint8_t>> jpegs;
    for (int i = 0; i < 4; ++i)
        jpegs.push_back(media::test::make_jpeg(320, 240, TJSAMP_420, 60 + i));
    constexpr int kFrames = 12;
    std::vector<double> sent;  // Unix seconds, when each JPEG left the test
    for (int i = 0; i < kFrames; ++i) {
        sent.push_back(now_ms() / 1000);
        send_and_wait(camera, "cam", jpegs[static_cast<std::size_t>(i) % jpegs.size()]);
    }
    const ViewerCapture c = capture(viewer, kFrames);
    ASSERT_EQ(c.fragments.size(), static_cast<std::size_t>(kFrames));
    double previous = 0;
    for (std::size_t i = 0; i < c.fragments.size(); ++i) {
        const auto& f = c.fragments[i];
        const auto sample =
            media::test::read_fragment({reinterpret_cast<const std::uint8_t*>(f.data()), f.size()});
        ASSERT_TRUE(sample) << "fragment " << i << " is not prft+moof+mdat";
        ASSERT_TRUE(sample->prft) << "fragment " << i << " has no prft";
        EXPECT_EQ(sample->prft->version, 1);
        EXPECT_EQ(sample->prft->media_time, sample->decode_time) << i;
        const double received = media::test::ntp_to_unix_seconds(sample->prft->ntp);
        EXPECT_NEAR(received, sent[i], 1.0) << "fragment " << i;
        EXPECT_GE(received, sent[i] - 0.01) << "received before it was sent? fragment " << i;
        EXPECT_GE(received, previous) << i;
        previous = received;
    }
}

}  // namespace
}  // namespace camstream::test
