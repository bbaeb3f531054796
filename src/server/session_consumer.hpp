#pragma once
// A hub consumer that wakes a network session: the wakeup posts `on_wakeup` to the session's
// executor (`session.executor()`). The hub keeps the consumer, possibly past the io_context's
// life at shutdown, so the wakeup holds nothing of the network side but a weak reference to
// the session: not even its executor, whose strand dies with the io_context.
#include <boost/asio/post.hpp>
#include <memory>

#include "stream/consumer.hpp"

namespace camstream::server {

template <class Session>
std::shared_ptr<stream::Consumer> make_session_consumer(stream::ConsumerOptions options,
                                                        const std::shared_ptr<Session>& session,
                                                        void (Session::*on_wakeup)()) {
    std::weak_ptr<Session> weak = session;
    return std::make_shared<stream::Consumer>(std::move(options), [weak, on_wakeup] {
        if (auto self = weak.lock()) {
            boost::asio::post(self->executor(), [self, on_wakeup] { ((*self).*on_wakeup)(); });
        }
    });
}

}  // namespace camstream::server
