#pragma once
// The one response type every HTTP route answers with, and the helpers that build it.
#include <string>
#include <string_view>

#include "server/shared_bytes_body.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server {

using HttpResponse = http::response<SharedBytesBody>;

// A response with these chunks as its body; HEAD requests get the headers only.
HttpResponse bytes_response(const HttpRequest& request, http::status status,
                            std::vector<media::SharedBytes> chunks, std::string_view content_type);

HttpResponse text_response(const HttpRequest& request, http::status status, std::string body,
                           std::string_view content_type = "text/plain; charset=utf-8");

}  // namespace camstream::server
