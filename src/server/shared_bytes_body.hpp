#pragma once
// A Beast body made of shared, immutable chunks: a snapshot JPEG, an HLS segment made of the
// frames' own fMP4 fragments. The chunks are written with one gather write, never copied
// into a response buffer.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <numeric>
#include <utility>
#include <vector>

#include "media/shared_bytes.hpp"

namespace camstream::server {

struct SharedBytesBody {
    using value_type = std::vector<media::SharedBytes>;

    static std::uint64_t size(const value_type& chunks) {
        return std::accumulate(
            chunks.begin(), chunks.end(), std::uint64_t{0},
            [](std::uint64_t n, const media::SharedBytes& c) { return n + (c ? c->size() : 0); });
    }

    class writer {
    public:
        using const_buffers_type = std::vector<boost::asio::const_buffer>;

        template <bool isRequest, class Fields>
        writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& chunks)
            : chunks_(chunks) {}

        void init(boost::beast::error_code& ec) { ec = {}; }

        boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
            ec = {};
            if (done_) return boost::none;
            done_ = true;
            const_buffers_type buffers;
            buffers.reserve(chunks_.size());
            for (const auto& c : chunks_) {
                if (c && !c->empty()) buffers.emplace_back(c->data(), c->size());
            }
            return std::make_pair(std::move(buffers), false);
        }

    private:
        const value_type& chunks_;
        bool done_ = false;
    };
};

}  // namespace camstream::server
