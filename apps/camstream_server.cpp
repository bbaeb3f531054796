// camstream-server: flags in, Server out. Everything worth testing lives in src/.
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "server/command_line.hpp"
#include "server/default_web_root.hpp"
#include "server/server.hpp"

namespace {

// This machine's IPv4 addresses, so the start-up lines show URLs a camera on the LAN can use.
std::vector<std::string> local_addresses() {
    std::vector<std::string> result;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return result;
    for (ifaddrs* a = list; a != nullptr; a = a->ifa_next) {
        if (a->ifa_addr == nullptr || a->ifa_addr->sa_family != AF_INET) continue;
        if ((a->ifa_flags & IFF_LOOPBACK) != 0) continue;
        char text[INET_ADDRSTRLEN] = {};
        const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
        if (inet_ntop(AF_INET, &in->sin_addr, text, sizeof text) != nullptr) result.push_back(text);
    }
    freeifaddrs(list);
    return result;
}

void print_urls(const std::string& listen, std::uint16_t http_port, std::uint16_t camera_port,
                bool tls) {
    const char* http = tls ? "https" : "http";
    const char* ws = tls ? "wss" : "ws";
    // One machine-readable line first: scripts and tests take the ports from it.
    std::printf("camstream-server listening: http=%u camera=%u\n", http_port, camera_port);
    std::vector<std::string> hosts;
    if (listen == "0.0.0.0" || listen == "::") {
        hosts = local_addresses();
        hosts.insert(hosts.begin(), "127.0.0.1");
    } else {
        hosts.push_back(listen);
    }
    for (const auto& host : hosts) {
        std::printf("  open in a browser:   %s://%s:%u/\n", http, host.c_str(), http_port);
    }
    for (const auto& host : hosts) {
        std::printf("  camera WebSocket:    %s://%s:%u/ws/camera[/<id>]", ws, host.c_str(),
                    http_port);
        if (camera_port != 0) std::printf("  or %s://%s:%u/", ws, host.c_str(), camera_port);
        std::printf("\n");
    }
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    namespace server = camstream::server;
    const auto web_root = server::default_web_root(
        server::running_executable(), CAMSTREAM_INSTALLED_WEB_ROOT, CAMSTREAM_SOURCE_WEB_ROOT);
    auto parsed = server::parse_command_line(argc, argv, web_root);
    if (!parsed.settings) return parsed.exit_code;
    const auto& settings = *parsed.settings;
    if (settings.check_only) {
        std::printf("%s: valid\n", settings.config_path.c_str());
        return 0;
    }
    const auto& config = settings.config;
    // Logs go to stderr; stdout carries only the start-up lines with the URLs.
    spdlog::set_default_logger(spdlog::stderr_color_mt("camstream"));
    spdlog::set_level(spdlog::level::from_str(settings.log_level));
    spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
    if (!settings.config_path.empty()) spdlog::info("settings from {}", settings.config_path);

    try {
        camstream::server::Server server(config);
        server.run([&](std::uint16_t http, std::uint16_t camera) {
            print_urls(config.listen_address, http, camera, !config.tls_cert.empty());
        });
    } catch (const std::exception& e) {
        std::fprintf(stderr, "camstream-server: error: %s\n", e.what());
        return 1;
    }
    spdlog::info("stopped");
    return 0;
}
