#include "server/auth/signed_token.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <stdexcept>

#include "server/auth/constant_time.hpp"

namespace camstream::server::auth {

namespace {
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int alphabet_index(char c) {
    const auto at = kAlphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}
}  // namespace

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() * 4 + 2) / 3);
    std::uint32_t bits = 0;
    int count = 0;
    for (unsigned char c : bytes) {
        bits = (bits << 8) | c;
        count += 8;
        while (count >= 6) {
            count -= 6;
            out += kAlphabet[(bits >> count) & 63];
        }
    }
    if (count > 0) out += kAlphabet[(bits << (6 - count)) & 63];
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string out;
    std::uint32_t bits = 0;
    int count = 0;
    for (char c : text) {
        const int value = alphabet_index(c);
        if (value < 0) return std::nullopt;
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    if (count >= 6) return std::nullopt;  // a length no encoding produces
    return out;
}

TokenSigner::TokenSigner(std::string secret) : key_(std::move(secret)) {
    if (!key_.empty()) return;
    key_.resize(32);
    if (RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), 32) != 1) {
        throw std::runtime_error("no random bytes for the signing key");
    }
}

std::string TokenSigner::mac(std::string_view purpose, std::string_view expiry,
                             std::string_view payload) const {
    // Lengths first, so no two (purpose, expiry, payload) give the same input.
    const std::string input = std::to_string(purpose.size()) + ":" + std::string(purpose) +
                              std::to_string(expiry.size()) + ":" + std::string(expiry) +
                              std::string(payload);
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), out.data(), &length);
    return std::string(reinterpret_cast<const char*>(out.data()), length);
}

std::string TokenSigner::sign(std::string_view purpose, std::string_view payload,
                              Clock::time_point expires) const {
    const std::string expiry = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(expires.time_since_epoch()).count());
    return expiry + "." + base64url_encode(payload) + "." +
           base64url_encode(mac(purpose, expiry, payload));
}

std::optional<std::string> TokenSigner::verify(std::string_view purpose, std::string_view token,
                                               Clock::time_point now) const {
    const auto first = token.find('.');
    const auto second = token.find('.', first == std::string_view::npos ? first : first + 1);
    if (first == std::string_view::npos || second == std::string_view::npos) return std::nullopt;
    const std::string_view expiry = token.substr(0, first);
    long long seconds = 0;
    const auto [end, error] =
        std::from_chars(expiry.data(), expiry.data() + expiry.size(), seconds);
    if (error != std::errc() || end != expiry.data() + expiry.size()) return std::nullopt;
    auto payload = base64url_decode(token.substr(first + 1, second - first - 1));
    const auto presented = base64url_decode(token.substr(second + 1));
    if (!payload || !presented) return std::nullopt;
    if (!same_secret(*presented, mac(purpose, expiry, *payload))) return std::nullopt;
    if (Clock::time_point(std::chrono::seconds(seconds)) <= now) return std::nullopt;
    return payload;
}

}  // namespace camstream::server::auth
