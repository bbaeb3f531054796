#include "server/auth/constant_time.hpp"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>

namespace camstream::server::auth {

namespace {
std::array<unsigned char, SHA256_DIGEST_LENGTH> digest(std::string_view text) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> out{};
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data());
    return out;
}
}  // namespace

bool same_secret(std::string_view presented, std::string_view expected) {
    const auto a = digest(presented);
    const auto b = digest(expected);
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace camstream::server::auth
