#include "camera/core/wifi_control.hpp"

#include <gtest/gtest.h>

using namespace camstream::camera;
using Retry = WifiLinkTracker::Retry;
using State = WifiLink::State;

namespace {

constexpr int kNoApFound = 201;
constexpr int kAuthFail = 202;
constexpr int kAssocLeave = WifiLinkTracker::kReasonAssocLeave;

// `wifi connect` as the station runs it: the tracker is told, the radio
// disconnects, takes the configuration and starts connecting.
void wifi_connect(WifiLinkTracker& t, const std::string& ssid) {
    t.connect_requested(ssid);
    t.connect_started();
}

}  // namespace

TEST(WifiLinkTracker, AFailedAttemptIsRetriedQuicklyThenSlowly) {
    WifiLinkTracker t{3};
    t.started();
    EXPECT_EQ(t.link().state, State::kIdle);
    wifi_connect(t, "Home");
    EXPECT_EQ(t.link().state, State::kConnecting);
    for (int attempt = 1; attempt <= 3; ++attempt) {
        const auto after = t.disconnected(kNoApFound);
        EXPECT_EQ(after.retry, Retry::kNow);
        EXPECT_EQ(after.attempt, attempt);
    }
    EXPECT_EQ(t.disconnected(kNoApFound).retry, Retry::kLater);
    EXPECT_TRUE(t.wants_retry());
    EXPECT_EQ(t.link().last_disconnect_reason, kNoApFound);
    EXPECT_EQ(t.link().state, State::kConnecting);
}

// `wifi connect` while an attempt is under way: the driver reports the
// disconnect that ends the old attempt (reason ASSOC_LEAVE). It is not a
// failure of the new attempt: no retry is spent on it, none is started.
TEST(WifiLinkTracker, ConnectDuringAnAttemptDoesNotCountItsOwnDisconnect) {
    WifiLinkTracker t{5};
    t.started();
    wifi_connect(t, "Home");
    ASSERT_EQ(t.disconnected(kAuthFail).retry, Retry::kNow);  // retry 1 of the old attempt

    wifi_connect(t, "Office");
    const auto own = t.disconnected(kAssocLeave);
    EXPECT_TRUE(own.ours);
    EXPECT_EQ(own.retry, Retry::kNone);
    EXPECT_EQ(t.link().state, State::kConnecting);
    EXPECT_EQ(t.link().last_disconnect_reason, kAuthFail);  // the last real one
    // The new attempt has all its quick retries.
    for (int attempt = 1; attempt <= 5; ++attempt)
        EXPECT_EQ(t.disconnected(kNoApFound).attempt, attempt);
}

TEST(WifiLinkTracker, ConnectWhileConnectedDoesNotCountItsOwnDisconnect) {
    WifiLinkTracker t;
    t.started();
    wifi_connect(t, "Home");
    t.associated();
    t.got_ip("192.168.1.42");
    EXPECT_EQ(t.link().state, State::kConnected);
    wifi_connect(t, "Office");
    EXPECT_TRUE(t.disconnected(kAssocLeave).ours);
    EXPECT_EQ(t.link().state, State::kConnecting);
    EXPECT_EQ(t.link().ip, "");
    EXPECT_EQ(t.disconnected(kNoApFound).attempt, 1);
}

TEST(WifiLinkTracker, ConnectFromIdleExpectsNoDisconnectOfItsOwn) {
    WifiLinkTracker t;
    t.started();
    wifi_connect(t, "Home");
    // An ASSOC_LEAVE now is not ours to ignore (nothing of ours was pending).
    const auto after = t.disconnected(kAssocLeave);
    EXPECT_FALSE(after.ours);
    EXPECT_EQ(after.retry, Retry::kNow);
}

TEST(WifiLinkTracker, OnlyTheOwnDisconnectIsIgnoredNotARealFailure) {
    WifiLinkTracker t;
    t.started();
    wifi_connect(t, "Home");
    t.associated();
    wifi_connect(t, "Office");
    // The new attempt fails before our disconnect's event: it counts.
    EXPECT_EQ(t.disconnected(kAuthFail).attempt, 1);
    EXPECT_TRUE(t.disconnected(kAssocLeave).ours);
    EXPECT_EQ(t.disconnected(kAuthFail).attempt, 2);
}

TEST(WifiLinkTracker, DisconnectEndsRetries) {
    WifiLinkTracker t;
    t.started();
    wifi_connect(t, "Home");
    t.disconnect_requested();
    EXPECT_EQ(t.link().state, State::kIdle);
    EXPECT_FALSE(t.wants_retry());
    const auto after = t.disconnected(kAssocLeave);
    EXPECT_EQ(after.retry, Retry::kNone);
    EXPECT_EQ(t.link().state, State::kIdle);
    EXPECT_EQ(t.link().last_disconnect_reason, kAssocLeave);  // "we left", as documented
}

TEST(WifiLinkTracker, AConnectTheRadioRefusedLeavesTheStationIdle) {
    WifiLinkTracker t;
    t.started();
    t.connect_requested("Home");
    t.connect_failed();  // esp_wifi_set_config or esp_wifi_connect said no
    EXPECT_EQ(t.link().state, State::kIdle);
    EXPECT_FALSE(t.wants_retry());
    EXPECT_EQ(t.disconnected(kNoApFound).retry, Retry::kNone);
}

TEST(WifiLinkTracker, LosingTheAddressGoesBackToConnecting) {
    WifiLinkTracker t;
    t.started();
    wifi_connect(t, "Home");
    t.associated();
    t.got_ip("10.0.0.7");
    t.lost_ip();
    EXPECT_EQ(t.link().state, State::kConnecting);
    EXPECT_EQ(t.link().ip, "");
}
