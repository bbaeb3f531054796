#pragma once
// Plain HTTP answers: the web client's files, /status, /api/cameras, /metrics, /healthz.
#include "server/server_context.hpp"
#include "server/static_files.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server {

using HttpResponse = http::response<http::string_body>;

class HttpRoutes {
public:
    HttpRoutes(ServerContext context, bool camera_port_only);
    HttpResponse handle(const HttpRequest& request) const;

private:
    ServerContext context_;
    StaticFiles files_;
    bool camera_port_only_;
};

HttpResponse text_response(const HttpRequest& request, http::status status, std::string body,
                           std::string_view content_type = "text/plain; charset=utf-8");

}  // namespace camstream::server
