#include "server/http_response.hpp"

namespace camstream::server {

HttpResponse bytes_response(const HttpRequest& request, http::status status,
                            std::vector<media::SharedBytes> chunks, std::string_view content_type) {
    HttpResponse res{status, request.version()};
    res.set(http::field::server, "camstream");
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(request.keep_alive());
    res.body() = std::move(chunks);
    res.prepare_payload();
    // HEAD: the same headers (Content-Length included), no body, so keep-alive framing holds.
    if (request.method() == http::verb::head) res.body().clear();
    return res;
}

HttpResponse text_response(const HttpRequest& request, http::status status, std::string body,
                           std::string_view content_type) {
    return bytes_response(request, status, {media::share(media::Bytes(body.begin(), body.end()))},
                          content_type);
}

}  // namespace camstream::server
