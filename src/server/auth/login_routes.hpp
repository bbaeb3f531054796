#pragma once
// The HTTP side of logging in: the login form (GET /login), logging in (POST /login with the
// form, answered with the session cookie), logging out (POST /logout), who is logged in
// (GET /api/session) and a camera's share links (GET /api/cameras/<id>/share?seconds=N).
// The access guard has already let each request through.
#include <optional>

#include "server/auth/request_authorizer.hpp"
#include "server/http_response.hpp"

namespace camstream::server {

class LoginRoutes {
public:
    explicit LoginRoutes(const auth::RequestAuthorizer& authorizer) : authorizer_(authorizer) {}

    // The answer when the request is one of these routes; nullopt otherwise.
    std::optional<HttpResponse> handle(const HttpRequest& request) const;

private:
    HttpResponse log_in(const HttpRequest& request) const;
    HttpResponse share(const HttpRequest& request, const std::string& camera_id) const;

    const auth::RequestAuthorizer& authorizer_;
};

// The login form; `failed` adds "wrong user or password".
std::string login_page(const std::string& next, bool failed, bool login_needed);

}  // namespace camstream::server
