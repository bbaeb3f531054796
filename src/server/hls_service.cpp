#include "server/hls_service.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <list>

#include "hls/playlist.hpp"
#include "hls/segmenter.hpp"

namespace camstream::server {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kTick = std::chrono::milliseconds(100);
constexpr std::string_view kPlaylistType = "application/vnd.apple.mpegurl";
constexpr std::string_view kMp4Type = "video/mp4";

// A query parameter's value; false if absent.
bool query_value(std::string_view target, std::string_view key, std::string& value) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) return false;
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == key) {
            value = eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
            return true;
        }
        if (amp == std::string_view::npos) break;
        rest.remove_prefix(amp + 1);
    }
    return false;
}

bool parse_u64(const std::string& text, std::uint64_t& out) {
    if (text.empty() || text.size() > 18) return false;
    out = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return true;
}

std::vector<media::SharedBytes> chunks_of(const hls::Segment& segment) {
    std::vector<media::SharedBytes> chunks;
    for (const auto& part : segment.parts) {
        chunks.insert(chunks.end(), part.chunks.begin(), part.chunks.end());
    }
    return chunks;
}
}  // namespace

struct HlsService::Waiter {
    std::function<bool()> ready;
    std::function<void(bool timed_out)> done;
    Clock::time_point deadline;
};

struct HlsService::CameraHls {
    CameraHls(std::shared_ptr<stream::CameraStream> c, const hls::HlsSettings& settings)
        : camera(std::move(c)), segmenter(settings) {}
    std::shared_ptr<stream::CameraStream> camera;
    std::shared_ptr<stream::Consumer> consumer;
    hls::Segmenter segmenter;
    Clock::time_point last_request = Clock::now();
    std::list<Waiter> waiters;
};

HlsService::HlsService(net::io_context& ioc, stream::StreamHub& hub, hls::HlsSettings settings,
                       std::chrono::seconds idle_timeout)
    : ioc_(ioc), hub_(hub), settings_(settings), idle_timeout_(idle_timeout), tick_(ioc) {}

HlsService::~HlsService() {
    for (auto& [id, hls] : streams_) hls->camera->remove_consumer(hls->consumer);
}

std::shared_ptr<HlsService::CameraHls> HlsService::stream_for(const std::string& camera_id,
                                                              bool create) {
    if (auto it = streams_.find(camera_id); it != streams_.end()) return it->second;
    if (!create || stopped_) return nullptr;
    auto camera = hub_.find(camera_id);
    if (!camera) return nullptr;
    auto hls = std::make_shared<CameraHls>(std::move(camera), settings_);
    if (auto it = resume_.find(camera_id); it != resume_.end()) {
        hls->segmenter = hls::Segmenter(settings_, it->second);
    }
    stream::ConsumerOptions options;
    options.kind = "hls";
    options.wants_h264 = true;
    options.max_frames = 120;  // drained at once on the network thread; room for a stall
    options.max_bytes = 32 * 1024 * 1024;
    std::weak_ptr<CameraHls> weak = hls;
    hls->consumer = std::make_shared<stream::Consumer>(options, [this, weak] {
        net::post(ioc_, [this, weak] {
            if (auto h = weak.lock()) drain(h);
        });
    });
    hls->camera->add_consumer(hls->consumer);
    streams_.emplace(camera_id, hls);
    spdlog::info("HLS of {} started", camera_id);
    if (streams_.size() == 1) schedule_tick();
    return hls;
}

void HlsService::drain(const std::shared_ptr<CameraHls>& hls) {
    bool want_keyframe = false;
    bool went_offline = false;
    while (auto event = hls->consumer->pop()) {
        switch (event->kind) {
            case stream::StreamEvent::Kind::format:
                hls->segmenter.on_format(event->format);
                break;
            case stream::StreamEvent::Kind::offline:
                hls->segmenter.on_offline();
                went_offline = true;
                break;
            case stream::StreamEvent::Kind::frame:
                want_keyframe = hls->segmenter.on_frame(*event->frame) || want_keyframe;
                break;
            case stream::StreamEvent::Kind::online:
                break;
        }
    }
    if (want_keyframe) hls->camera->request_keyframe();
    // What the offline closed may answer some; the rest will not come: say so now.
    resolve_waiters(*hls, false, went_offline && !hls->segmenter.live());
}

void HlsService::resolve_waiters(CameraHls& hls, bool timed_out_only, bool give_up) {
    const auto now = Clock::now();
    for (auto it = hls.waiters.begin(); it != hls.waiters.end();) {
        const bool ready = !timed_out_only && it->ready();
        if (ready || give_up || now >= it->deadline || stopped_) {
            auto done = std::move(it->done);
            it = hls.waiters.erase(it);
            done(!ready);
        } else {
            ++it;
        }
    }
}

void HlsService::schedule_tick() {
    tick_.expires_after(kTick);
    tick_.async_wait([this](beast::error_code ec) {
        if (ec || stopped_) return;
        const auto now = Clock::now();
        for (auto it = streams_.begin(); it != streams_.end();) {
            auto& hls = *it->second;
            resolve_waiters(hls, true);
            if (hls.waiters.empty() && now - hls.last_request > idle_timeout_) {
                spdlog::info("HLS of {} stopped: no request for {} s", it->first,
                             idle_timeout_.count());
                hls.camera->remove_consumer(hls.consumer);
                // A later HLS stream of this camera goes on numbering, so a player that
                // paused does not see the media sequence go back.
                resume_[it->first] = hls.segmenter.resume_point();
                it = streams_.erase(it);
            } else {
                ++it;
            }
        }
        if (!streams_.empty()) schedule_tick();
    });
}

void HlsService::stop() {
    stopped_ = true;
    tick_.cancel();
    for (auto& [id, hls] : streams_) {
        resolve_waiters(*hls, true);
        hls->camera->remove_consumer(hls->consumer);
    }
    streams_.clear();
}

void HlsService::handle(const HttpRequest& request, const std::string& camera_id,
                        const std::string& file, Reply reply) {
    hls::ResourceName name;
    if (!hls::parse_resource_name(file, name)) {
        reply(
            text_response(request, http::status::not_found,
                          "HLS files: index.m3u8, init-<n>.mp4, seg-<n>.m4s, part-<n>.<i>.m4s\n"));
        return;
    }
    const bool is_playlist = name.kind == hls::ResourceName::Kind::playlist;
    auto hls = stream_for(camera_id, is_playlist);
    if (!hls) {
        const bool known = hub_.find(camera_id) != nullptr;
        reply(text_response(
            request, http::status::not_found,
            known ? "no HLS stream of '" + camera_id + "' is running: ask for index.m3u8 first\n"
                  : "no camera '" + camera_id + "'\n"));
        return;
    }
    hls->last_request = Clock::now();
    const hls::Segmenter& seg = hls->segmenter;
    const auto hold = 3 * settings_.segment_target;  // the longest a blocking request waits
    auto wait = [&](std::function<bool()> ready, std::function<void(bool)> done) {
        hls->waiters.push_back({std::move(ready), std::move(done), Clock::now() + hold});
    };

    switch (name.kind) {
        case hls::ResourceName::Kind::playlist: {
            std::string msn_text;
            std::string part_text;
            const bool has_msn = query_value(request.target(), "_HLS_msn", msn_text);
            const bool has_part = query_value(request.target(), "_HLS_part", part_text);
            hls::Position want;
            if ((has_part && !has_msn) || (has_msn && !parse_u64(msn_text, want.msn)) ||
                (has_part && !parse_u64(part_text, want.part))) {
                reply(text_response(request, http::status::bad_request,
                                    "_HLS_msn must be a number; _HLS_part needs _HLS_msn\n"));
                return;
            }
            const std::uint64_t last_msn =
                seg.segments().empty() ? seg.next_msn() : seg.segments().back().msn;
            if (has_msn && want.msn > last_msn + 2) {
                reply(text_response(request, http::status::bad_request,
                                    "_HLS_msn is more than two segments ahead of the playlist\n"));
                return;
            }
            std::function<bool()> ready;
            if (!has_msn) {
                ready = [&seg] { return seg.has_complete_segment(); };
            } else if (!has_part) {
                ready = [&seg, want] {
                    return seg.has_complete_segment() &&
                           (want.msn < seg.segments().front().msn ||
                            (seg.segment(want.msn) && seg.segment(want.msn)->complete) ||
                            (!seg.segments().empty() && seg.segments().back().msn > want.msn));
                };
            } else {
                ready = [&seg, want] {
                    const auto last = seg.last_complete_part();
                    return seg.has_complete_segment() && last && *last >= want;
                };
            }
            auto answer = [request, reply, hls, camera_id](bool timed_out) {
                if (timed_out) {
                    const bool offline = !hls->camera->connected();
                    reply(text_response(request, http::status::service_unavailable,
                                        offline ? "camera '" + camera_id + "' is offline\n"
                                                : "the requested part did not appear in time\n"));
                    return;
                }
                reply(text_response(request, http::status::ok, hls::write_playlist(hls->segmenter),
                                    kPlaylistType));
            };
            if (ready()) {
                answer(false);
            } else if (!hls->camera->connected() && !seg.live()) {
                answer(true);  // nothing will come: say so now
            } else {
                wait(std::move(ready), std::move(answer));
            }
            return;
        }
        case hls::ResourceName::Kind::init: {
            auto init = seg.init_segment(name.number);
            if (!init) {
                reply(text_response(request, http::status::not_found, "no such init segment\n"));
                return;
            }
            reply(bytes_response(request, http::status::ok, {std::move(init)}, kMp4Type));
            return;
        }
        case hls::ResourceName::Kind::segment: {
            const std::uint64_t msn = name.number;
            auto answer = [request, reply, hls, msn](bool) {
                const hls::Segment* s = hls->segmenter.segment(msn);
                if (s == nullptr || !s->complete) {
                    reply(text_response(request, http::status::not_found, "no such segment\n"));
                    return;
                }
                reply(bytes_response(request, http::status::ok, chunks_of(*s), kMp4Type));
            };
            const hls::Segment* s = seg.segment(msn);
            if (s != nullptr && !s->complete) {
                wait([&seg, msn] { return !seg.segment(msn) || seg.segment(msn)->complete; },
                     std::move(answer));
            } else {
                answer(false);
            }
            return;
        }
        case hls::ResourceName::Kind::part: {
            const hls::Position at{name.number, name.part};
            auto answer = [request, reply, hls, at](bool) {
                const hls::Part* p = hls->segmenter.part(at);
                if (p == nullptr || !p->complete) {
                    reply(text_response(request, http::status::not_found, "no such part\n"));
                    return;
                }
                reply(bytes_response(request, http::status::ok, p->chunks, kMp4Type));
            };
            const hls::Part* p = seg.part(at);
            const bool coming = (p != nullptr && !p->complete) ||
                                (p == nullptr && seg.live() && at == seg.next_part());
            if (coming) {
                // Held until the part is complete, or its segment ended without it.
                wait(
                    [&seg, at] {
                        const hls::Part* part = seg.part(at);
                        if (part != nullptr) return part->complete;
                        const hls::Segment* s = seg.segment(at.msn);
                        return (s != nullptr && s->complete) || !seg.live() || seg.next_part() > at;
                    },
                    std::move(answer));
            } else {
                answer(false);
            }
            return;
        }
    }
}

}  // namespace camstream::server
