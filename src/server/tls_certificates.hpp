#pragma once
// The server's TLS certificate and key, loaded into an ssl::context that new connections take.
// Reloadable while the server runs: a new context replaces the current one only when the new
// files load and match; connections already open keep the context they started with.
#include <boost/asio/ssl/context.hpp>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

namespace camstream::server {

class TlsCertificates {
public:
    // Loads both PEM files (the certificate file may hold the chain after it). Throws
    // std::runtime_error naming the file and the cause when they cannot be used.
    TlsCertificates(std::string cert_file, std::string key_file);

    // The context for a connection accepted now.
    std::shared_ptr<boost::asio::ssl::context> current() const;

    // Loads the files again. On success the new context becomes current() and is logged;
    // on failure the error is logged and the current one stays. `why` goes in the log line.
    bool reload(const std::string& why);

    // Reloads when either file's modification time or size differs from the last attempt,
    // so a bad pair is reported once, not at every check.
    void reload_if_changed();

private:
    struct Stamp {
        std::filesystem::file_time_type cert_time{}, key_time{};
        std::uintmax_t cert_size = 0, key_size = 0;
        bool operator==(const Stamp&) const = default;
    };
    Stamp stamp() const;

    std::string cert_file_;
    std::string key_file_;
    Stamp last_stamp_;
    mutable std::mutex mutex_;  // current_ is read by accepting code, replaced by reloads
    std::shared_ptr<boost::asio::ssl::context> current_;
};

// Builds a server context from the two files; throws std::runtime_error on any problem.
// `description` receives "serial S, subject X, valid until T" of the certificate.
std::shared_ptr<boost::asio::ssl::context> make_tls_server_context(const std::string& cert_file,
                                                                   const std::string& key_file,
                                                                   std::string& description);

}  // namespace camstream::server
