#pragma once
// The door every request passes before it is routed: sorts it (route_access), asks the
// authorizer, and turns a refusal into its answer: 401 (with the challenge that fits), 403,
// or a redirect to the login page. Refusals are logged once per peer address per minute.
#include <optional>
#include <string>

#include "server/auth/request_authorizer.hpp"
#include "server/http_response.hpp"

namespace camstream::server {

class AccessGuard {
public:
    AccessGuard(const auth::AuthConfig& config, bool camera_port_only);

    // nullopt: go on with `request` (a share path is unwrapped in place). Else the refusal.
    std::optional<HttpResponse> check(HttpRequest& request, const std::string& peer_address);

    const auth::RequestAuthorizer& authorizer() const { return authorizer_; }

private:
    auth::RequestAuthorizer authorizer_;
    bool camera_port_only_;
};

}  // namespace camstream::server
