#include "camera/core/psram_commands.hpp"

#include "camera/core/console_args.hpp"

namespace camstream::camera {

void PsramCommands::usage(ConsoleOutput& out) {
    out.line("usage:");
    out.line("  psram status");
}

int PsramCommands::run(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (args.size() < 2) {
        usage(out);
        return 1;
    }
    if (args[1] != "status")
        return reject(out, "psram: unknown subcommand '" + args[1] + "'", usage);
    if (!no_extra_args(args, 2, out, usage)) return 1;
    PsramStatus p;
    if (Status ok = board_.psram_status(p); !ok) {
        out.line("psram status: " + ok.message());
        return 1;
    }
    if (!p.enabled) {
        out.line("psram disabled (not enabled in this build)");
        return 0;
    }
    out.line(std::string{"psram init="} + (p.initialized ? "yes" : "no") +
             " size=" + std::to_string(p.size) + " free=" + std::to_string(p.free) +
             " largest=" + std::to_string(p.largest_free_block) +
             " internal_free=" + std::to_string(p.internal_free) +
             " internal_largest=" + std::to_string(p.internal_largest_free_block));
    return 0;
}

}  // namespace camstream::camera
