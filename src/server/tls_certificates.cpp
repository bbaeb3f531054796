#include "server/tls_certificates.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>

namespace camstream::server {

namespace ssl = boost::asio::ssl;

namespace {

void require_readable(const std::string& what, const std::string& file) {
    std::ifstream in(file);
    if (!in) {
        throw std::runtime_error("cannot read TLS " + what + " " + file + ": " +
                                 std::strerror(errno));
    }
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

// "serial 1A2B, subject CN=example, valid until Dec  3 13:00:00 2027 GMT"
std::string describe(X509* cert) {
    std::string serial = "?";
    if (BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get_serialNumber(cert), nullptr)) {
        if (char* hex = BN_bn2hex(bn)) {
            serial = hex;
            OPENSSL_free(hex);
        }
        BN_free(bn);
    }
    std::string subject, until;
    if (BIO* bio = BIO_new(BIO_s_mem())) {
        X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_ONELINE);
        subject = bio_text(bio);
        BIO_free(bio);
    }
    if (BIO* bio = BIO_new(BIO_s_mem())) {
        ASN1_TIME_print(bio, X509_get0_notAfter(cert));
        until = bio_text(bio);
        BIO_free(bio);
    }
    return "serial " + serial + ", subject " + subject + ", valid until " + until;
}

}  // namespace

std::shared_ptr<ssl::context> make_tls_server_context(const std::string& cert_file,
                                                      const std::string& key_file,
                                                      std::string& description) {
    require_readable("certificate", cert_file);
    require_readable("key", key_file);
    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
    boost::system::error_code ec;
    context->use_certificate_chain_file(cert_file, ec);
    if (ec) {
        throw std::runtime_error("TLS certificate " + cert_file +
                                 " is not a PEM certificate: " + ec.message());
    }
    context->use_private_key_file(key_file, ssl::context::pem, ec);
    if (ec) {
        // Not PEM, not a key, or (checked here too) the key of another certificate.
        throw std::runtime_error("TLS key " + key_file + " cannot be used with " + cert_file +
                                 ": " + ec.message());
    }
    // OpenSSL drops the certificate when the key does not belong to it, without an error.
    if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
        throw std::runtime_error("TLS key " + key_file + " does not belong to the certificate " +
                                 cert_file);
    }
    description = describe(SSL_CTX_get0_certificate(context->native_handle()));
    return context;
}

TlsCertificates::TlsCertificates(std::string cert_file, std::string key_file)
    : cert_file_(std::move(cert_file)), key_file_(std::move(key_file)) {
    last_stamp_ = stamp();
    std::string description;
    current_ = make_tls_server_context(cert_file_, key_file_, description);
    spdlog::info("TLS certificate {} ({})", cert_file_, description);
}

std::shared_ptr<ssl::context> TlsCertificates::current() const {
    std::lock_guard lock(mutex_);
    return current_;
}

bool TlsCertificates::reload(const std::string& why) {
    last_stamp_ = stamp();
    try {
        std::string description;
        auto next = make_tls_server_context(cert_file_, key_file_, description);
        {
            std::lock_guard lock(mutex_);
            current_ = std::move(next);
        }
        spdlog::info("{}: TLS certificate reloaded from {} ({}); new connections use it", why,
                     cert_file_, description);
        return true;
    } catch (const std::exception& e) {
        spdlog::error("{}: TLS certificate not reloaded, still serving the previous one: {}", why,
                      e.what());
        return false;
    }
}

void TlsCertificates::reload_if_changed() {
    if (stamp() == last_stamp_) return;
    reload("certificate files changed");
}

TlsCertificates::Stamp TlsCertificates::stamp() const {
    Stamp s;
    std::error_code ec;
    s.cert_time = std::filesystem::last_write_time(cert_file_, ec);
    s.cert_size = std::filesystem::file_size(cert_file_, ec);
    s.key_time = std::filesystem::last_write_time(key_file_, ec);
    s.key_size = std::filesystem::file_size(key_file_, ec);
    return s;
}

}  // namespace camstream::server
