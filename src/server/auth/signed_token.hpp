#pragma once
// Tokens the server hands out and later believes without keeping them: a session cookie
// ("this browser logged in as alice") and a share link ("this URL may play cam-1"). Each is
// "<expiry>.<payload>.<mac>": the expiry in Unix seconds, the payload base64url, and an
// HMAC-SHA256 over purpose, expiry and payload. The purpose is signed but not written, so a
// share token can never pass for a session cookie or the other way round.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace camstream::server::auth {

class TokenSigner {
public:
    using Clock = std::chrono::system_clock;

    // `secret` empty: 32 random bytes, so tokens end with the process.
    explicit TokenSigner(std::string secret);

    std::string sign(std::string_view purpose, std::string_view payload,
                     Clock::time_point expires) const;
    // The payload when `token` was signed here for `purpose` and has not expired at `now`.
    std::optional<std::string> verify(std::string_view purpose, std::string_view token,
                                      Clock::time_point now) const;

private:
    std::string mac(std::string_view purpose, std::string_view expiry,
                    std::string_view payload) const;
    std::string key_;
};

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace camstream::server::auth
