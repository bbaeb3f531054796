#pragma once

#include <string>
#include <vector>

#include "camera/core/board.hpp"
#include "camera/core/console_output.hpp"

namespace camstream::camera {

// `cam power <0|1> | dump`: the camera power pin, for bring-up on the board
// (the AtomS3R-CAM powers its sensor through an active-low GPIO).
// Returns 0 on success, 1 on failure.
class CamCommands {
public:
    explicit CamCommands(Board& board) : board_{board} {}

    int run(const std::vector<std::string>& args, ConsoleOutput& out);
    static void usage(ConsoleOutput& out);

private:
    Board& board_;
};

}  // namespace camstream::camera
