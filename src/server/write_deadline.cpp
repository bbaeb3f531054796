#include "server/write_deadline.hpp"

namespace camstream::server {

WriteDeadline::WriteDeadline(const boost::asio::any_io_executor& executor,
                             std::chrono::steady_clock::duration limit)
    : timer_(executor), limit_(limit) {}

void WriteDeadline::arm(std::function<void()> on_expired) {
    timer_.expires_after(limit_);
    timer_.async_wait([this, on_expired = std::move(on_expired)](boost::system::error_code ec) {
        // Cancelled (the write ended in time) or the timer's owner is going away.
        if (ec || expired_) return;
        expired_ = true;
        on_expired();
    });
}

void WriteDeadline::disarm() {
    timer_.cancel();
}

void reset_connection(boost::asio::ip::tcp::socket& socket) {
    boost::system::error_code ignored;
    socket.set_option(boost::asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
}

}  // namespace camstream::server
