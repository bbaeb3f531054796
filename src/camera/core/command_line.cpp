#include "camera/core/command_line.hpp"

namespace camstream::camera {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

Status split_command_line(std::string_view line, std::vector<std::string>& words) {
    words.clear();
    std::string word;
    bool in_word = false;  // a word has begun, even if it is still empty ("")
    bool quoted = false;   // the current word began with "
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '\\') {
            if (i + 1 == line.size()) return Status::failure("trailing backslash");
            const char next = line[++i];
            if (next != '\\' && next != '"' && next != ' ' && next != '\t')
                return Status::failure(std::string{"unknown escape \\"} + next +
                                       " (use \\\\, \\\" or \\ )");
            word += next;
            in_word = true;
        } else if (quoted) {
            if (c == '"') {
                // The closing quote ends the word, as in esp_console.
                words.push_back(std::move(word));
                word.clear();
                in_word = quoted = false;
            } else {
                word += c;
            }
        } else if (is_space(c)) {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
        } else if (c == '"' && !in_word) {
            in_word = quoted = true;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (quoted) return Status::failure("unterminated quote");
    if (in_word) words.push_back(std::move(word));
    return Status::success();
}

}  // namespace camstream::camera
