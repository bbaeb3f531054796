#pragma once
// The clock messages a page uses to learn the server's clock: fragments say when the server
// received each picture in the server's time, and the page needs the offset to its own.
//
//   server -> page, first:      {"type":"clock","server_time":<ms>}
//   page -> server, any time:   {"type":"clock","client_time":X}
//   server -> page, the answer: {"type":"clock","client_time":X,"server_time":<ms>}
//
// X comes back as it was sent, so the page can pair the answer with its question and take
// half the round trip as the answer's age.
#include <optional>
#include <string>
#include <string_view>

namespace camstream::server {

std::string clock_hello(double server_time_ms);

// The answer to `text` if it is a clock question (an object with "type":"clock" and a number
// "client_time"); nullopt for anything else, including text that is not JSON.
std::optional<std::string> clock_reply(std::string_view text, double server_time_ms);

}  // namespace camstream::server
