#pragma once
// Comparing a presented secret with the real one in time that does not depend on where they
// differ, so that timing the answers cannot reveal a token byte by byte.
#include <string_view>

namespace camstream::server::auth {

// True when `presented` equals `expected`. Both are hashed (SHA-256) first and the digests
// compared with CRYPTO_memcmp, so neither the position of the first difference nor the
// length of the secret shows in the time taken.
bool same_secret(std::string_view presented, std::string_view expected);

}  // namespace camstream::server::auth
