#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "camera/core/console_output.hpp"

namespace camstream::camera {

// Shared by the command classes: the "bad arguments" answer is always one line
// saying what is wrong, then the command's usage, and exit code 1.
template <typename Usage>
int reject(ConsoleOutput& out, const std::string& why, Usage usage) {
    out.line(why);
    usage(out);
    return 1;
}

// For subcommands without arguments: args = {command, subcommand, ...}.
template <typename Usage>
bool no_extra_args(const std::vector<std::string>& args, std::size_t expected, ConsoleOutput& out,
                   Usage usage) {
    if (args.size() <= expected) return true;
    reject(out, args[0] + " " + args[1] + ": unexpected argument '" + args[expected] + "'", usage);
    return false;
}

inline bool is_save_word(const std::string& word) {
    return word == "save" || word == "--save";
}

}  // namespace camstream::camera
