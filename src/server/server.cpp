#include "server/server.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <system_error>
#include <thread>

#include "server/connection_registry.hpp"
#include "server/listener.hpp"
#include "server/open_files_limit.hpp"
#include "server/server_context.hpp"
#include "server/tls_certificates.hpp"
#include "stream/stream_hub.hpp"

namespace camstream::server {

namespace {
std::size_t media_thread_count(std::size_t configured) {
    if (configured > 0) return configured;
    return std::max(1u, std::thread::hardware_concurrency());
}

// The hub divides the media pool's time between cameras, so it needs the pool's size.
stream::StreamConfig stream_config(const ServerConfig& config) {
    stream::StreamConfig stream = config.stream;
    stream.media_threads = media_thread_count(config.media_threads);
    return stream;
}

// Every few seconds the certificate files are checked for a change (a renewal by certbot or
// a script): a renewed certificate needs no signal.
constexpr std::chrono::seconds kCertificateCheckInterval{3};

std::unique_ptr<TlsCertificates> make_tls(const ServerConfig& config) {
    if (config.tls_cert.empty()) return nullptr;
    return std::make_unique<TlsCertificates>(config.tls_cert, config.tls_key);
}

std::shared_ptr<Listener> make_listener(net::io_context& ioc, const std::string& address,
                                        std::uint16_t port, ServerContext context,
                                        bool camera_port_only) {
    beast::error_code ec;
    const auto ip = net::ip::make_address(address, ec);
    if (ec) {
        throw std::runtime_error("bad listen address '" + address + "': " + ec.message());
    }
    try {
        return std::make_shared<Listener>(ioc, tcp::endpoint(ip, port), context, camera_port_only);
    } catch (const boost::system::system_error& e) {
        throw std::runtime_error("cannot listen on " + address + ":" + std::to_string(port) + ": " +
                                 e.code().message());
    }
}

// Ids the hub keeps: every camera streaming plus one per connection (a viewer may name an id
// nobody streams yet). The hub forgets an unused id to make room, so the limits, with their
// own messages, refuse a client before the id table would.
std::size_t camera_ids(const ServerConfig& config) {
    return config.max_cameras + config.max_connections;
}

// One line when anyone who reaches the ports may publish or watch.
void warn_if_open(const auth::AuthConfig& auth) {
    if (!auth.cameras_need_token() && !auth.viewers_need_login()) {
        spdlog::warn("no credentials configured: anyone who can reach these ports can watch "
                     "every camera and publish as any camera (--camera-token, --viewer-password)");
    } else if (!auth.cameras_need_token()) {
        spdlog::warn("no camera tokens: anyone who can reach these ports can publish as any "
                     "camera (--camera-token)");
    } else if (!auth.viewers_need_login()) {
        spdlog::warn("no viewer passwords: anyone who can reach the HTTP port can watch every "
                     "camera (--viewer-password)");
    }
}
}  // namespace

struct Server::Impl {
    explicit Impl(ServerConfig c)
        : config(std::move(c)),
          media_pool(media_thread_count(config.media_threads)),
          hub(stream_config(config), media_pool.get_executor(), camera_ids(config)),
          hls(ioc, hub, config.hls),
          tls(make_tls(config)),
          context{config, hub, connections, hls, closed, admission, tls.get()},
          signals(ioc, SIGINT, SIGTERM),
          hangup(ioc, SIGHUP),
          stats_timer(ioc),
          certificate_timer(ioc),
          shutdown_timer(ioc) {}

    void schedule_stats() {
        stats_timer.expires_after(config.stats_interval);
        stats_timer.async_wait([this](beast::error_code ec) {
            if (ec) return;
            hub.log_stats();
            schedule_stats();
        });
    }

    // SIGHUP reloads the TLS certificate. Without TLS there is nothing to reload, but its
    // default action would kill the server (a closed terminal, a reload by habit): it is
    // logged and otherwise ignored.
    void wait_for_hangup() {
        hangup.async_wait([this](beast::error_code ec, int) {
            if (ec) return;
            if (tls) {
                tls->reload("SIGHUP");
            } else {
                spdlog::info("SIGHUP: nothing to reload; still serving");
            }
            wait_for_hangup();
        });
    }

    void schedule_certificate_check() {
        if (!tls) return;
        certificate_timer.expires_after(kCertificateCheckInterval);
        certificate_timer.async_wait([this](beast::error_code ec) {
            if (ec) return;
            tls->reload_if_changed();
            schedule_certificate_check();
        });
    }

    void shutdown(int signal) {
        spdlog::info("signal {}: closing {} connection(s)", signal, connections.size());
        stats_timer.cancel();
        hangup.cancel();
        certificate_timer.cancel();
        for (auto& l : listeners) l->stop();
        connections.close_all();  // cameras and viewers alike
        hls.stop();
        // Give peers a moment to answer the close handshake, then stop whatever is left.
        shutdown_timer.expires_after(std::chrono::milliseconds(1500));
        shutdown_timer.async_wait([this](beast::error_code) { ioc.stop(); });
        poll_connections();
    }

    void poll_connections() {
        if (connections.size() == 0) {
            shutdown_timer.cancel();
            return;
        }
        auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(20));
        timer->async_wait([this, timer](beast::error_code) {
            if (!ioc.stopped()) poll_connections();
        });
    }

    // Declared so that destruction runs backwards through the dependencies: the io_context
    // goes first (its pending handlers own the sessions, which use the registry and the hub),
    // then the hub, then the media pool (whose handlers may still own cameras).
    ServerConfig config;
    ConnectionRegistry connections;
    ClosedConnections closed{{{"websocket", "write_deadline"},
                              {"events", "write_deadline"},
                              {"mjpeg", "write_deadline"}}};
    Admission admission{config};
    net::thread_pool media_pool;
    stream::StreamHub hub;
    net::io_context ioc{1};
    HlsService hls;
    std::unique_ptr<TlsCertificates> tls;  // null: plain TCP
    ServerContext context;
    std::vector<std::shared_ptr<Listener>> listeners;
    net::signal_set signals;
    net::signal_set hangup;
    net::steady_timer stats_timer;
    net::steady_timer certificate_timer;
    net::steady_timer shutdown_timer;
};

Server::Server(ServerConfig config) : impl_(std::make_unique<Impl>(std::move(config))) {}

Server::~Server() {
    impl_->media_pool.join();
}

void Server::run(const std::function<void(std::uint16_t, std::uint16_t)>& on_listening) {
    Impl& s = *impl_;
    raise_open_files_limit(s.config.max_connections);
    auto http = make_listener(s.ioc, s.config.listen_address, s.config.http_port, s.context, false);
    s.listeners.push_back(http);
    std::uint16_t camera_port = 0;
    if (s.config.camera_port >= 0) {
        auto camera =
            make_listener(s.ioc, s.config.listen_address,
                          static_cast<std::uint16_t>(s.config.camera_port), s.context, true);
        camera_port = camera->port();
        s.listeners.push_back(camera);
    }
    for (auto& l : s.listeners) l->run();
    s.signals.async_wait([&s](beast::error_code ec, int signal) {
        if (!ec) s.shutdown(signal);
    });
    s.wait_for_hangup();
    s.schedule_certificate_check();
    s.schedule_stats();
    warn_if_open(s.config.auth);
    on_listening(http->port(), camera_port);
    // A handler that throws (out of memory, a bug) costs that connection, not the server.
    for (;;) {
        try {
            s.ioc.run();
            break;
        } catch (const std::exception& e) {
            spdlog::error("network handler failed: {}", e.what());
        }
    }
    s.media_pool.join();
}

}  // namespace camstream::server
