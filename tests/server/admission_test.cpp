#include "server/admission.hpp"

#include <gtest/gtest.h>

namespace camstream::server {
namespace {

std::uint64_t refused(const Admission& admission, const std::string& kind,
                      const std::string& reason) {
    for (const auto& c : admission.refused()) {
        if (c.kind == kind && c.reason == reason) return c.count;
    }
    ADD_FAILURE() << "no counter " << kind << "/" << reason;
    return 0;
}

ServerConfig small_limits() {
    ServerConfig config;
    config.max_connections = 3;
    config.max_connections_per_address = 2;
    config.max_viewers_per_camera = 1;
    config.max_cameras = 1;
    return config;
}

TEST(AdmissionTest, EveryRefusalIsListedWithZeroFromTheStart) {
    const ServerConfig config;
    const Admission admission(config);
    EXPECT_EQ(admission.refused().size(), 5u);
    for (const auto& c : admission.refused()) EXPECT_EQ(c.count, 0u) << c.kind << c.reason;
}

TEST(AdmissionTest, ConnectionsPerAddressThenInAllEachNamedInTheRefusal) {
    const ServerConfig config = small_limits();
    Admission admission(config);
    auto a1 = admission.connection("10.0.0.1");
    auto a2 = admission.connection("10.0.0.1");
    ASSERT_TRUE(a1 && a2);
    auto a3 = admission.connection("10.0.0.1");
    ASSERT_FALSE(a3);
    EXPECT_NE(a3.refusal.find("--max-connections-per-address"), std::string::npos);
    EXPECT_EQ(refused(admission, "connection", "max_connections_per_address"), 1u);

    auto b1 = admission.connection("10.0.0.2");
    ASSERT_TRUE(b1);
    EXPECT_EQ(admission.open_connections(), 3u);
    auto b2 = admission.connection("10.0.0.2");
    ASSERT_FALSE(b2);
    EXPECT_NE(b2.refusal.find("(3, --max-connections)"), std::string::npos) << b2.refusal;
    EXPECT_EQ(refused(admission, "connection", "max_connections"), 1u);

    a1.slot.reset();
    EXPECT_TRUE(admission.connection("10.0.0.2"));
}

TEST(AdmissionTest, ViewersPerCameraCountWebSocketAndMjpegTogether) {
    const ServerConfig config = small_limits();
    Admission admission(config);
    auto viewer = admission.viewer("porch", "websocket", "10.0.0.1");
    ASSERT_TRUE(viewer);
    auto mjpeg = admission.viewer("porch", "mjpeg", "10.0.0.1");
    ASSERT_FALSE(mjpeg);
    EXPECT_NE(mjpeg.refusal.find("camera 'porch'"), std::string::npos);
    EXPECT_NE(mjpeg.refusal.find("--max-viewers-per-camera"), std::string::npos);
    EXPECT_EQ(refused(admission, "mjpeg", "max_viewers_per_camera"), 1u);
    EXPECT_TRUE(admission.viewer("garden", "websocket", "10.0.0.1"));  // another camera
}

TEST(AdmissionTest, ANewCameraOverTheCapIsRefusedButAReplacementIsNot) {
    const ServerConfig config = small_limits();
    Admission admission(config);
    auto porch = admission.camera("porch", "10.0.0.1");
    ASSERT_TRUE(porch);
    EXPECT_TRUE(admission.camera("porch", "10.0.0.9"));  // the rebooted camera, same id
    auto garden = admission.camera("garden", "10.0.0.2");
    ASSERT_FALSE(garden);
    EXPECT_NE(garden.refusal.find("--max-cameras"), std::string::npos);
    EXPECT_NE(garden.refusal.find("'garden'"), std::string::npos);
    EXPECT_EQ(refused(admission, "camera", "max_cameras"), 1u);
    EXPECT_EQ(admission.streaming_cameras(), 1u);
}

}  // namespace
}  // namespace camstream::server
