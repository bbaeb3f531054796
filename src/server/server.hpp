#pragma once
// The whole server: network I/O on the calling thread, transcoding on a thread pool, the hub
// between them. run() returns after SIGINT/SIGTERM once every connection has been closed.
#include <functional>
#include <memory>

#include "server/server_config.hpp"

namespace camstream::server {

class Server {
public:
    explicit Server(ServerConfig config);
    ~Server();

    // Binds both ports (throws std::runtime_error naming the address if one is taken), then
    // calls `on_listening(http_port, camera_port)` (camera_port 0 when off) and serves.
    void run(const std::function<void(std::uint16_t, std::uint16_t)>& on_listening);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace camstream::server
