#pragma once
// Connections the server closed on its own initiative, by kind of client and reason, for
// /metrics: e.g. ("websocket", "write_deadline") for a viewer that stopped reading.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace camstream::server {

class ClosedConnections {
public:
    struct Count {
        std::string kind;
        std::string reason;
        std::uint64_t count = 0;
    };

    // Pairs listed with 0 until they happen, so a scraper sees the series from the start.
    explicit ClosedConnections(const std::vector<std::pair<std::string, std::string>>& known = {});

    void count(const std::string& kind, const std::string& reason);
    std::vector<Count> counts() const;  // sorted by kind, then reason

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::uint64_t> counts_;
};

}  // namespace camstream::server
