#pragma once
// Which kind of access a request needs (see auth::Access), from its path alone, and the
// camera it names when that matters. The same split the routes make, so a route cannot be
// reached by a path this file sorts as something more open.
#include <string>

#include "server/auth/request_authorizer.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server {

struct RouteAccess {
    auth::Access access = auth::Access::open;
    std::string camera_id;  // camera and camera_media
};

RouteAccess route_access(const HttpRequest& request, bool camera_port_only);

// "/share/<token>/hls/<id>/<file>" is how a share link carries its token through an HLS
// playlist (the playlist's relative URLs keep the path, not the query): rewritten in place
// to "/hls/<id>/<file>?...&token=<token>". Other targets are left alone.
void unwrap_share_path(HttpRequest& request);

}  // namespace camstream::server
