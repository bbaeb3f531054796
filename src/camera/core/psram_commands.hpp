#pragma once

#include <string>
#include <vector>

#include "camera/core/board.hpp"
#include "camera/core/console_output.hpp"

namespace camstream::camera {

// `psram status`: whether the PSRAM the camera's frame buffers need is there,
// and how much heap is left. Returns 0 on success, 1 on failure.
class PsramCommands {
public:
    explicit PsramCommands(Board& board) : board_{board} {}

    int run(const std::vector<std::string>& args, ConsoleOutput& out);
    static void usage(ConsoleOutput& out);

private:
    Board& board_;
};

}  // namespace camstream::camera
