#pragma once
// The server's caps on what clients hold at once, and what a refusal looks like:
//  - connections in all and per peer address, taken at accept and held by the socket for its
//    whole life, whatever it becomes (plain HTTP, camera, viewer, events, MJPEG, held HLS);
//  - viewers per camera (WebSocket viewers and MJPEG clients), taken before the upgrade or
//    the MJPEG response;
//  - cameras streaming at once (distinct ids with a camera connection), taken before the
//    upgrade; a camera replacing its own id's connection is not a new camera.
// A refused client gets a 503 whose body names the limit and its flag; each refusal is
// counted by kind and reason for /metrics and logged at most once a minute per address.
#include <optional>
#include <string>
#include <vector>

#include "server/closed_connections.hpp"
#include "server/refusal_log.hpp"
#include "server/server_config.hpp"
#include "server/slot_table.hpp"
#include "server/websocket_types.hpp"

namespace camstream::server {

class Admission {
public:
    struct Ticket {
        std::optional<Slot> slot;  // the place, while admitted
        std::string refusal;       // otherwise the 503's body: which limit, which flag
        explicit operator bool() const { return slot.has_value(); }
    };

    explicit Admission(const ServerConfig& config);

    Ticket connection(const std::string& address);
    // `kind`: "websocket" or "mjpeg", as counted in /metrics.
    Ticket viewer(const std::string& camera_id, const std::string& kind,
                  const std::string& address);
    Ticket camera(const std::string& camera_id, const std::string& address);

    std::size_t open_connections() const { return connections_.total(); }
    std::size_t streaming_cameras() const { return cameras_.keys(); }
    // Refusals so far by (kind, reason); every kind of refusal is listed, with 0 until it
    // happens.
    std::vector<ClosedConnections::Count> refused() const { return refused_.counts(); }

private:
    Ticket refuse(const std::string& kind, const std::string& reason, const std::string& address,
                  const std::string& what, std::string body);

    const ServerConfig& config_;
    SlotTable connections_;  // by peer address
    SlotTable viewers_;      // by camera id
    SlotTable cameras_;      // by camera id
    ClosedConnections refused_;
    RefusalLog log_;
};

// The peer's address as the limits count it ("" if the peer is already gone).
std::string peer_address(const tcp::socket& socket);

}  // namespace camstream::server
