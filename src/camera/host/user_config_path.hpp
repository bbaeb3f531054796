#pragma once

#include <string>
#include <string_view>

namespace camstream::camera {

// $XDG_CONFIG_HOME/camstream/<file_name>, or ~/.config/camstream/<file_name>
// when XDG_CONFIG_HOME is unset or empty (the XDG base directory rule), or
// ./<file_name> when there is no HOME either. Linux only.
std::string user_config_path(std::string_view file_name);

}  // namespace camstream::camera
