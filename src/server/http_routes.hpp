#pragma once
// Plain HTTP answers: the web client's files, /status, /api/cameras, /metrics, /healthz and
// each camera's snapshot.
#include "server/http_response.hpp"
#include "server/server_context.hpp"
#include "server/static_files.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server {

class HttpRoutes {
public:
    HttpRoutes(ServerContext context, bool camera_port_only);
    HttpResponse handle(const HttpRequest& request) const;

private:
    HttpResponse snapshot(const HttpRequest& request, const std::string& camera_id) const;

    ServerContext context_;
    StaticFiles files_;
    bool camera_port_only_;
};

}  // namespace camstream::server
