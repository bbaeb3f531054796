#pragma once
// HLS for every camera somebody plays that way: /hls/<id>/index.m3u8 and the init segments,
// segments and parts it names. A camera's HLS stream is a consumer of its H.264, started by
// the first playlist request and stopped when no request has come for a while, so a camera
// nobody plays over HLS costs nothing (no consumer, no forced keyframes). Blocking playlist
// reloads (_HLS_msn, _HLS_part) and preload-hinted parts are held until what they name
// exists. Runs on the network thread only: no locks.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "hls/hls_settings.hpp"
#include "hls/segmenter.hpp"
#include "server/http_response.hpp"
#include "stream/stream_hub.hpp"

namespace camstream::server {

class HlsService {
public:
    using Reply = std::function<void(HttpResponse)>;

    HlsService(net::io_context& ioc, stream::StreamHub& hub, hls::HlsSettings settings,
               std::chrono::seconds idle_timeout = std::chrono::seconds(30));
    ~HlsService();

    // `file` is what follows /hls/<id>/. `reply` is called exactly once, on the network thread.
    void handle(const HttpRequest& request, const std::string& camera_id, const std::string& file,
                Reply reply);

    // Shutdown: answers every held request (503) and stops every HLS stream.
    void stop();

private:
    struct CameraHls;
    struct Waiter;

    std::shared_ptr<CameraHls> stream_for(const std::string& camera_id, bool create);
    void drain(const std::shared_ptr<CameraHls>& hls);
    // Answers the held requests that are ready, or past their deadline; `give_up`: all.
    void resolve_waiters(CameraHls& hls, bool timed_out_only, bool give_up = false);
    void schedule_tick();

    net::io_context& ioc_;
    stream::StreamHub& hub_;
    hls::HlsSettings settings_;
    std::chrono::seconds idle_timeout_;
    net::steady_timer tick_;
    std::map<std::string, std::shared_ptr<CameraHls>> streams_;
    std::map<std::string, hls::Segmenter::Resume> resume_;  // of streams that stopped
    bool stopped_ = false;
};

}  // namespace camstream::server
