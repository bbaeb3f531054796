#pragma once
// A real camstream-server on free loopback ports, and what the tests do with it.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "ws_client.hpp"

namespace camstream::test {

std::unique_ptr<ChildProcess> start_server(const std::vector<std::string>& extra_args,
                                           std::uint16_t& http_port, std::uint16_t& camera_port);

class ServerTest : public ::testing::Test {
protected:
    void SetUp() override { start({}); }
    void TearDown() override;
    void start(const std::vector<std::string>& extra_args);

    nlohmann::json camera_stats(const std::string& id);
    // Polls /api/cameras until `done(stats)` holds; returns the last stats.
    template <typename Predicate>
    nlohmann::json wait_for_stats(const std::string& id, Predicate done,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        nlohmann::json stats = camera_stats(id);
        while (!done(stats) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            stats = camera_stats(id);
        }
        return stats;
    }
    // Sends a frame and waits until the server has encoded or refused it, so that frames
    // are never dropped for arriving while the encoder is busy.
    void send_and_wait(WsClient& camera, const std::string& id,
                       const std::vector<std::uint8_t>& frame);

    std::unique_ptr<ChildProcess> server_;
    std::uint16_t port_ = 0;
    std::uint16_t camera_port_ = 0;
    bool expect_clean_exit_ = true;
};

// Everything a viewer got, split into the protocol's parts.
struct ViewerCapture {
    std::vector<nlohmann::json> texts;
    std::vector<std::string> init_segments;
    std::vector<std::string> fragments;
    std::vector<std::string> order;  // "text:<type>", "init", "frag"
};
// Reads the next message and checks it is {"type":"status","state":<state>}. A viewer that
// joins before its camera reads its "offline" first: the server keeps only the latest status
// in a viewer's queue, so an unread "offline" would give way to "online".
void expect_status(WsClient& viewer, const std::string& state);

// No decode-time jump that Media Source Extensions would take for a discontinuity (more than
// twice the previous sample's duration, after which it drops frames up to the next keyframe)
// lands on anything but a keyframe.
void expect_jumps_only_on_keyframes(const std::vector<std::string>& fragments);

// Reads until `fragments` fragments have arrived (or timeout).
ViewerCapture capture(WsClient& viewer, std::size_t fragments,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace camstream::test
