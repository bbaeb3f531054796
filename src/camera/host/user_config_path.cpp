#include "camera/host/user_config_path.hpp"

#include <cstdlib>

namespace camstream::camera {

std::string user_config_path(std::string_view file_name) {
    const std::string name{file_name};
    // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && xdg[0] == '/')
        return std::string{xdg} + "/camstream/" + name;
    if (const char* home = std::getenv("HOME"); home && home[0] != '\0')
        return std::string{home} + "/.config/camstream/" + name;
    return name;
}

}  // namespace camstream::camera
