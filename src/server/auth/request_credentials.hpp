#pragma once
// The credentials a request carries, taken apart: a Bearer token, a ?token= parameter, HTTP
// Basic user and password, a cookie. Nothing here decides anything.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "server/websocket_types.hpp"

namespace camstream::server::auth {

// The token of `Authorization: Bearer <token>`, if the request has one.
std::optional<std::string> bearer_token(const HttpRequest& request);
// The percent-decoded value of `name` in the target's query, if there.
std::optional<std::string> query_parameter(std::string_view target, std::string_view name);
// User and password of `Authorization: Basic ...`, if the request has a well-formed one.
std::optional<std::pair<std::string, std::string>> basic_credentials(const HttpRequest& request);
// The value of cookie `name`, if the request sends it.
std::optional<std::string> cookie_value(const HttpRequest& request, std::string_view name);
// The token a camera presents: the Bearer header, else ?token=.
std::optional<std::string> camera_token(const HttpRequest& request);

}  // namespace camstream::server::auth
