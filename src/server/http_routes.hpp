#pragma once
// Plain HTTP answers: the web client's files, /status, /api/cameras, /metrics, /healthz and
// each camera's snapshot.
#include <memory>

#include "server/auth/access_guard.hpp"
#include "server/http_response.hpp"
#include "server/auth/login_routes.hpp"
#include "server/server_context.hpp"
#include "server/static_files.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server {

class HttpRoutes {
public:
    HttpRoutes(ServerContext context, bool camera_port_only);
    HttpResponse handle(const HttpRequest& request) const;
    // Every request passes it first (see HttpSession).
    AccessGuard& guard() const { return *guard_; }

private:
    HttpResponse snapshot(const HttpRequest& request, const std::string& camera_id) const;

    ServerContext context_;
    StaticFiles files_;
    bool camera_port_only_;
    std::unique_ptr<AccessGuard> guard_;
    LoginRoutes login_;
};

}  // namespace camstream::server
