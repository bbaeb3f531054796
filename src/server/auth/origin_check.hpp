#pragma once
// Whether a browser page's Origin may use this server. A page from another site could
// otherwise open a viewer WebSocket or post a form with the user's session cookie (the
// browser adds it), since WebSockets are not bound by the same-origin policy.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace camstream::server::auth {

// "scheme://host[:port]" in lower case, or nullopt when `origin` is not of that form
// (a path, a user, "null").
std::optional<std::string> canonical_origin(std::string_view origin);

// True when `origin` (the Origin header) names this server itself (its host[:port] equals
// the Host header) or is one of `allowed` (canonical, see canonical_origin).
bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& allowed);

}  // namespace camstream::server::auth
