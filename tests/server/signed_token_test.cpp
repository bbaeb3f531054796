#include "server/auth/signed_token.hpp"

#include <gtest/gtest.h>

#include "server/auth/constant_time.hpp"

namespace camstream::server::auth {
namespace {

using namespace std::chrono_literals;
const TokenSigner::Clock::time_point t0{std::chrono::seconds(1'800'000'000)};

TEST(SignedToken, VerifiesUntilItExpires) {
    const TokenSigner signer("key");
    const auto token = signer.sign("share", "cam-1", t0 + 60s);
    EXPECT_EQ(signer.verify("share", token, t0), "cam-1");
    EXPECT_EQ(signer.verify("share", token, t0 + 59s), "cam-1");
    EXPECT_EQ(signer.verify("share", token, t0 + 60s), std::nullopt);
}

TEST(SignedToken, APurposeCannotPassForAnother) {
    const TokenSigner signer("key");
    const auto share = signer.sign("share", "alice", t0 + 60s);
    EXPECT_EQ(signer.verify("session", share, t0), std::nullopt);
}

TEST(SignedToken, AnotherKeyOrAnyChangedCharacterIsRefused) {
    const TokenSigner signer("key");
    const auto token = signer.sign("share", "cam-1", t0 + 60s);
    EXPECT_EQ(TokenSigner("other").verify("share", token, t0), std::nullopt);
    for (std::size_t i = 0; i < token.size(); ++i) {
        std::string changed = token;
        changed[i] = changed[i] == 'A' ? 'B' : 'A';
        EXPECT_EQ(signer.verify("share", changed, t0), std::nullopt) << "changed at " << i;
    }
    EXPECT_EQ(signer.verify("share", "", t0), std::nullopt);
    EXPECT_EQ(signer.verify("share", "..", t0), std::nullopt);
    EXPECT_EQ(signer.verify("share", "99999999999999999999999.a.b", t0), std::nullopt);
}

TEST(SignedToken, ARandomKeyPerSignerWhenNoneIsGiven) {
    const TokenSigner a{""};
    const TokenSigner b{""};
    const auto token = a.sign("share", "cam-1", t0 + 60s);
    EXPECT_EQ(a.verify("share", token, t0), "cam-1");
    EXPECT_EQ(b.verify("share", token, t0), std::nullopt);
}

TEST(SignedToken, Base64urlRoundTripsEveryByte) {
    std::string all;
    for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
    for (std::size_t n = 0; n < 5; ++n) {
        EXPECT_EQ(base64url_decode(base64url_encode(all.substr(0, n))), all.substr(0, n));
    }
    EXPECT_EQ(base64url_decode(base64url_encode(all)), all);
    EXPECT_EQ(base64url_encode("hi?"), "aGk_");
    EXPECT_EQ(base64url_decode("a"), std::nullopt);
    EXPECT_EQ(base64url_decode("a+b="), std::nullopt);
}

TEST(ConstantTime, SameSecretComparesWholeValues) {
    EXPECT_TRUE(same_secret("secret", "secret"));
    EXPECT_FALSE(same_secret("secret", "secreT"));
    EXPECT_FALSE(same_secret("secret", "secret2"));
    EXPECT_FALSE(same_secret("", "secret"));
    EXPECT_TRUE(same_secret("", ""));
}

}  // namespace
}  // namespace camstream::server::auth
