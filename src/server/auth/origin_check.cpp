#include "server/auth/origin_check.hpp"

#include <algorithm>
#include <cctype>

namespace camstream::server::auth {

namespace {
std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool authority_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
           c == '[' || c == ']' || c == '_';
}
}  // namespace

std::optional<std::string> canonical_origin(std::string_view origin) {
    const auto sep = origin.find("://");
    if (sep == std::string_view::npos || sep == 0) return std::nullopt;
    const std::string_view scheme = origin.substr(0, sep);
    std::string_view authority = origin.substr(sep + 3);
    if (!authority.empty() && authority.back() == '/') authority.remove_suffix(1);
    if (authority.empty() || !std::all_of(authority.begin(), authority.end(), authority_char) ||
        !std::all_of(scheme.begin(), scheme.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
        return std::nullopt;
    }
    return lower(scheme) + "://" + lower(authority);
}

bool origin_allowed(std::string_view origin, std::string_view host,
                    const std::vector<std::string>& allowed) {
    const auto canonical = canonical_origin(origin);
    if (!canonical) return false;
    const std::string authority = canonical->substr(canonical->find("://") + 3);
    if (!host.empty() && authority == lower(host)) return true;
    return std::find(allowed.begin(), allowed.end(), *canonical) != allowed.end();
}

}  // namespace camstream::server::auth
