#include "camera/core/send_outcome.hpp"

namespace camstream::camera {

SendOutcome classify_send(long returned, std::size_t size, bool still_connected) {
    if (returned >= 0 && static_cast<std::size_t>(returned) == size) return SendOutcome::kSent;
    if (returned <= 0 && still_connected) return SendOutcome::kNotSent;
    return SendOutcome::kConnectionLost;
}

}  // namespace camstream::camera
