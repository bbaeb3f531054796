#pragma once

#include <string_view>

namespace camstream::camera {

// Parses a plain decimal integer ("8080", "-3"): no spaces, no '+', no hex, at
// most 9 digits. Used for console arguments and stored settings; returns false
// rather than throwing, as the core builds without exceptions.
inline bool parse_decimal(std::string_view text, long& out) {
    bool negative = false;
    if (!text.empty() && text.front() == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    if (text.empty() || text.size() > 9) return false;
    long value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    out = negative ? -value : value;
    return true;
}

}  // namespace camstream::camera
