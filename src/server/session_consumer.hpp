#pragma once
// A hub consumer that wakes a network session: the wakeup posts `on_wakeup` to the session's
// executor. The hub keeps the consumer, possibly past the io_context's life at shutdown, so
// the wakeup holds nothing of the network side but a weak reference to the session.
#include <boost/asio/post.hpp>
#include <memory>

#include "stream/consumer.hpp"

namespace camstream::server {

template <class Session, class Executor>
std::shared_ptr<stream::Consumer> make_session_consumer(stream::ConsumerOptions options,
                                                        const std::shared_ptr<Session>& session,
                                                        Executor executor,
                                                        void (Session::*on_wakeup)()) {
    std::weak_ptr<Session> weak = session;
    return std::make_shared<stream::Consumer>(std::move(options), [weak, executor, on_wakeup] {
        if (auto self = weak.lock()) {
            boost::asio::post(executor, [self, on_wakeup] { ((*self).*on_wakeup)(); });
        }
    });
}

}  // namespace camstream::server
