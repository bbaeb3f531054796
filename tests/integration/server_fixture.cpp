#include "server_fixture.hpp"

#include <thread>

#include "media/mp4_boxes.hpp"

namespace camstream::test {

std::unique_ptr<ChildProcess> start_server(const std::vector<std::string>& extra_args,
                                           std::uint16_t& http_port, std::uint16_t& camera_port) {
    std::vector<std::string> args = {"--listen",      "127.0.0.1", "--port",           "0",
                                     "--camera-port", "0",         "--stats-interval", "1"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    auto server = std::make_unique<ChildProcess>(CAMSTREAM_SERVER_BIN, args);
    auto ports =
        server->wait_for_line(std::regex(R"(http=(\d+) camera=(\d+))"), std::chrono::seconds(30));
    if (!ports) {
        ADD_FAILURE() << "server did not start; log:\n" << server->log();
        return server;
    }
    http_port = static_cast<std::uint16_t>(std::stoi((*ports)[1]));
    camera_port = static_cast<std::uint16_t>(std::stoi((*ports)[2]));
    return server;
}

void ServerTest::start(const std::vector<std::string>& extra_args) {
    server_ = start_server(extra_args, port_, camera_port_);
    ASSERT_NE(port_, 0);
}

void ServerTest::TearDown() {
    if (!server_) return;
    const auto code = server_->stop();
    if (expect_clean_exit_) {
        EXPECT_EQ(code, std::optional<int>(0)) << "server log:\n" << server_->log();
    }
    // Sanitizer reports go to the log; a clean run has none.
    EXPECT_EQ(server_->log().find("Sanitizer"), std::string::npos) << server_->log();
}

nlohmann::json ServerTest::camera_stats(const std::string& id) {
    const auto body = nlohmann::json::parse(http_get(port_, "/api/cameras").body);
    for (const auto& camera : body["cameras"]) {
        if (camera["id"] == id) return camera;
    }
    return nlohmann::json::object();
}

void ServerTest::send_and_wait(WsClient& camera, const std::string& id,
                               const std::vector<std::uint8_t>& frame) {
    const auto handled = [](const nlohmann::json& s) {
        return s.empty() ? 0
                         : s["frames_encoded"].get<int>() + s["frames_rejected"].get<int>() +
                               s["frames_unwatched"].get<int>();
    };
    const int before = handled(camera_stats(id));
    camera.send_binary(frame);
    wait_for_stats(id, [&](const nlohmann::json& s) { return handled(s) > before; });
    // Arrival timestamps are the server's clock; keep frames a little apart as a camera would.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

void expect_status(WsClient& viewer, const std::string& state) {
    auto message = viewer.read(std::chrono::seconds(10));
    ASSERT_TRUE(message) << "no message; expected status " << state;
    ASSERT_FALSE(message->binary);
    const auto json = nlohmann::json::parse(message->data);
    EXPECT_EQ(json.value("type", ""), "status") << message->data;
    EXPECT_EQ(json.value("state", ""), state) << message->data;
}

void expect_jumps_only_on_keyframes(const std::vector<std::string>& fragments) {
    const auto bytes = [](const std::string& s) {
        return std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(s.data()),
                                             s.size());
    };
    for (std::size_t i = 1; i < fragments.size(); ++i) {
        const auto prev = media::test::read_fragment(bytes(fragments[i - 1]));
        const auto next = media::test::read_fragment(bytes(fragments[i]));
        ASSERT_TRUE(prev && next && prev->duration && next->flags);
        const bool key = (*next->flags & 0x00010000u) == 0;  // sample_is_non_sync_sample
        EXPECT_TRUE(key || next->decode_time - prev->decode_time <= 2 * *prev->duration)
            << "fragment " << i << ": jump " << next->decode_time - prev->decode_time
            << " after a sample of " << *prev->duration;
    }
}

ViewerCapture capture(WsClient& viewer, std::size_t fragments, std::chrono::milliseconds timeout) {
    ViewerCapture result;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (result.fragments.size() < fragments && std::chrono::steady_clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto message = viewer.read(left);
        if (!message) break;
        if (!message->binary) {
            auto json = nlohmann::json::parse(message->data);
            result.order.push_back(
                "text:" + json.value("type", std::string()) +
                (json.contains("state") ? ":" + json["state"].get<std::string>() : ""));
            result.texts.push_back(std::move(json));
        } else if (message->data.size() >= 8 && message->data.compare(4, 4, "ftyp") == 0) {
            result.order.push_back("init");
            result.init_segments.push_back(std::move(message->data));
        } else {
            result.order.push_back("frag");
            result.fragments.push_back(std::move(message->data));
        }
    }
    return result;
}

}  // namespace camstream::test
