#pragma once
// Every open WebSocket session, so a shutdown can close each one cleanly (1001 going away)
// instead of dropping TCP connections. Holds weak references: a session's life is its own.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "server/slot_table.hpp"

namespace camstream::server {

class ClosableSession {
public:
    virtual ~ClosableSession() = default;
    virtual void close_for_shutdown() = 0;  // any thread; the session posts to its own strand

    // Keeps a place the connection was admitted to (among all connections, a camera's
    // viewers, ...) until the session ends. Destroyed after the session's own members, so the
    // place is given back once the socket is closed.
    void hold(Slot slot) { slots_.push_back(std::move(slot)); }

private:
    std::vector<Slot> slots_;
};

class ConnectionRegistry {
public:
    std::uint64_t add(std::weak_ptr<ClosableSession> session);
    void remove(std::uint64_t id);
    void close_all();
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, std::weak_ptr<ClosableSession>> sessions_;
};

}  // namespace camstream::server
