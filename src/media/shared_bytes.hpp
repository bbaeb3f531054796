#pragma once
// The one buffer type frame bytes travel in, from where they are written (the camera
// connection's read, the muxer) to every socket write: immutable once shared, so any number
// of consumers hold the same bytes without copying or locking.
#include <cstdint>
#include <memory>
#include <vector>

namespace camstream::media {

using Bytes = std::vector<std::uint8_t>;
using SharedBytes = std::shared_ptr<const Bytes>;

// Takes ownership of the bytes (a move, not a copy).
inline SharedBytes share(Bytes&& bytes) {
    return std::make_shared<const Bytes>(std::move(bytes));
}

}  // namespace camstream::media
