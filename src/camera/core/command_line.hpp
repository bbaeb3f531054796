#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "camera/core/status.hpp"

namespace camstream::camera {

// Splits a console line into words by the rules of ESP-IDF's
// esp_console_split_argv, so a line means the same typed into mock-camera or
// the device:
//   - spaces (and tabs) separate words;
//   - a word that starts with " runs to the next " (an SSID with spaces, an
//     empty password ""); a " inside an unquoted word is an ordinary character;
//   - a backslash escapes \, " or a space: wifi set My\ Net "pa ss\"word".
// Where esp_console silently guesses (an unterminated quote, a trailing
// backslash, an unknown escape such as \n, which it drops), this fails
// instead, so no accepted line can mean something else on the device.
Status split_command_line(std::string_view line, std::vector<std::string>& words);

}  // namespace camstream::camera
