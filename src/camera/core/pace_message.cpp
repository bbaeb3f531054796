#include "camera/core/pace_message.hpp"

#include <cmath>
#include <string>

namespace camstream::camera {
namespace {

// A cursor over JSON text, just enough for one flat object: strings, numbers
// and literals are read; nested values of unknown keys are skipped.
class JsonReader {
public:
    explicit JsonReader(std::string_view text) : text_{text} {}

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                       text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }
    bool at_end() const { return pos_ == text_.size(); }
    bool consume(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    char peek() {
        skip_space();
        return pos_ < text_.size() ? text_[pos_] : '\0';
    }

    bool read_string(std::string& out) {
        out.clear();
        if (!consume('"')) return false;
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (c == '"') return true;
            if (static_cast<unsigned char>(c) < 0x20) return false;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (pos_ >= text_.size()) return false;
            const char e = text_[pos_++];
            switch (e) {
                case '"':
                case '\\':
                case '/':
                    out += e;
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u':
                    if (!read_code_unit(out)) return false;
                    break;
                default:
                    return false;
            }
        }
        return false;  // unterminated
    }

    // The JSON number grammar exactly (no '+', no leading zeros, no hex, inf
    // or nan), computed without strtod so no locale can change the decimal point.
    bool read_number(double& out) {
        skip_space();
        const std::size_t start = pos_;
        const bool negative = pos_ < text_.size() && text_[pos_] == '-';
        if (negative) ++pos_;
        double mantissa = 0;
        int scale = 0;  // power of ten applied to the mantissa's digits
        if (pos_ < text_.size() && text_[pos_] == '0') {
            ++pos_;
        } else if (!digits(mantissa, scale, false)) {
            pos_ = start;
            return false;
        }
        if (pos_ < text_.size() && text_[pos_] == '.') {
            ++pos_;
            if (!digits(mantissa, scale, true)) return false;
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            bool exp_negative = false;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-'))
                exp_negative = text_[pos_++] == '-';
            if (pos_ >= text_.size() || !is_digit(text_[pos_])) return false;
            long exponent = 0;
            while (pos_ < text_.size() && is_digit(text_[pos_])) {
                if (exponent < 100000) exponent = exponent * 10 + (text_[pos_] - '0');
                ++pos_;
            }
            scale += static_cast<int>(exp_negative ? -exponent : exponent);
        }
        // Dividing by an exact power of ten rounds better than multiplying by an inexact one.
        out = scale < 0 ? mantissa / std::pow(10.0, -scale) : mantissa * std::pow(10.0, scale);
        if (negative) out = -out;
        return true;
    }

    bool read_literal(std::string_view word) {
        skip_space();
        if (text_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }

    // Any JSON value, nested up to a small depth; its content is not kept.
    bool skip_value(int depth = 0) {
        if (depth > 16) return false;
        std::string ignored_text;
        double ignored_number;
        switch (peek()) {
            case '"':
                return read_string(ignored_text);
            case 't':
                return read_literal("true");
            case 'f':
                return read_literal("false");
            case 'n':
                return read_literal("null");
            case '{':
                return skip_container('}', true, depth);
            case '[':
                return skip_container(']', false, depth);
            default:
                return read_number(ignored_number);
        }
    }

private:
    static bool is_digit(char c) { return c >= '0' && c <= '9'; }

    // One or more digits into the mantissa; past 17 significant digits the
    // rest only scale it (integer part) or are dropped (fraction).
    bool digits(double& mantissa, int& scale, bool fraction) {
        if (pos_ >= text_.size() || !is_digit(text_[pos_])) return false;
        int used = 0;
        while (pos_ < text_.size() && is_digit(text_[pos_])) {
            if (used < 17) {
                mantissa = mantissa * 10 + (text_[pos_] - '0');
                if (fraction) --scale;
                if (mantissa != 0) ++used;
            } else if (!fraction) {
                ++scale;
            }
            ++pos_;
        }
        return true;
    }

    // \uXXXX as UTF-8 (a surrogate stays a lone code unit: it never matches a key).
    bool read_code_unit(std::string& out) {
        if (pos_ + 4 > text_.size()) return false;
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = text_[pos_++];
            value <<= 4;
            if (h >= '0' && h <= '9')
                value |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f')
                value |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                value |= static_cast<unsigned>(h - 'A' + 10);
            else
                return false;
        }
        if (value < 0x80) {
            out += static_cast<char>(value);
        } else if (value < 0x800) {
            out += static_cast<char>(0xC0 | (value >> 6));
            out += static_cast<char>(0x80 | (value & 0x3F));
        } else {
            out += static_cast<char>(0xE0 | (value >> 12));
            out += static_cast<char>(0x80 | ((value >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (value & 0x3F));
        }
        return true;
    }

    bool skip_container(char close, bool object, int depth) {
        ++pos_;  // the opening bracket
        if (consume(close)) return true;
        std::string key;
        do {
            if (object && (!read_string(key) || !consume(':'))) return false;
            if (!skip_value(depth + 1)) return false;
        } while (consume(','));
        return consume(close);
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

std::optional<PaceMessage> PaceMessage::parse(std::string_view text) {
    JsonReader json{text};
    if (!json.consume('{')) return std::nullopt;
    bool is_pace = false, has_fps = false;
    PaceMessage message;
    if (!json.consume('}')) {
        std::string key, type;
        do {
            if (!json.read_string(key) || !json.consume(':')) return std::nullopt;
            if (key == "type") {
                // A type that is not a string is malformed; another string is another message.
                if (json.peek() != '"' || !json.read_string(type)) return std::nullopt;
                is_pace = type == "pace";
            } else if (key == "fps") {
                if (!json.read_number(message.fps)) return std::nullopt;
                has_fps = true;
            } else if (key == "now") {
                if (json.read_literal("true"))
                    message.now = true;
                else if (json.read_literal("false"))
                    message.now = false;
                else
                    return std::nullopt;
            } else if (!json.skip_value()) {
                return std::nullopt;
            }
        } while (json.consume(','));
        if (!json.consume('}')) return std::nullopt;
    }
    json.skip_space();
    if (!json.at_end() || !is_pace || !has_fps) return std::nullopt;
    if (!std::isfinite(message.fps) || !(message.fps > 0)) return std::nullopt;
    return message;
}

}  // namespace camstream::camera
