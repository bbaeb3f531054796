#pragma once
// Camera ids name cameras in URLs, logs and metric labels, so they are kept to a safe
// alphabet: 1-64 of [A-Za-z0-9_-] (after percent-decoding, which the HTTP layer does).
#include <string_view>

namespace camstream::stream {

inline constexpr std::string_view kDefaultCameraId = "default";

bool is_valid_camera_id(std::string_view id);

}  // namespace camstream::stream
