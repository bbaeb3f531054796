#pragma once
// A limit on how long one write to a client may take. Keep-alive pings and anything the
// client sends prove only that it is there, not that it reads: a client that stops reading
// (a stuck tab, a zero TCP window) leaves a write pending forever and its socket, queue and
// frames held. A session arms this when a write starts and disarms it when the write ends; if
// the limit passes first, `on_expired` runs on the session's executor, which closes the
// socket so the write ends with an error.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>

namespace camstream::server {

class WriteDeadline {
public:
    WriteDeadline(const boost::asio::any_io_executor& executor,
                  std::chrono::steady_clock::duration limit);

    // The handler may hold the session: it is dropped when the write ends (disarm) or fires.
    void arm(std::function<void()> on_expired);
    void disarm();
    bool expired() const { return expired_; }
    std::chrono::steady_clock::duration limit() const { return limit_; }

private:
    boost::asio::steady_timer timer_;
    std::chrono::steady_clock::duration limit_;
    bool expired_ = false;
};

// Closes `socket` with a reset, not a FIN: a peer that reads nothing would never take what is
// still unsent, and the kernel would keep it (and retry) long after the session has gone.
// Pending operations on the socket end with an error.
void reset_connection(boost::asio::ip::tcp::socket& socket);

}  // namespace camstream::server
