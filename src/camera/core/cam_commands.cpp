#include "camera/core/cam_commands.hpp"

#include "camera/core/console_args.hpp"

namespace camstream::camera {

void CamCommands::usage(ConsoleOutput& out) {
    out.line("usage:");
    out.line("  cam power <0|1>  (1=on, 0=off)");
    out.line("  cam dump");
}

int CamCommands::run(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (args.size() < 2) {
        usage(out);
        return 1;
    }
    if (args[1] == "power") {
        if (args.size() < 3) return reject(out, "cam power: missing 0 or 1", usage);
        if (!no_extra_args(args, 3, out, usage)) return 1;
        if (args[2] != "0" && args[2] != "1")
            return reject(out, "cam power: expected 0 or 1", usage);
        const bool on = args[2] == "1";
        if (Status ok = board_.set_camera_power(on); !ok) {
            out.line("cam power: " + ok.message());
            return 1;
        }
        out.line(std::string{"camera power set to "} + (on ? "1" : "0"));
        return 0;
    }
    if (args[1] == "dump") {
        if (!no_extra_args(args, 2, out, usage)) return 1;
        std::string report;
        if (Status ok = board_.describe_camera_power(report); !ok) {
            out.line("cam dump: " + ok.message());
            return 1;
        }
        out.write(report);
        if (!report.empty() && report.back() != '\n') out.write("\n");
        return 0;
    }
    return reject(out, "cam: unknown subcommand '" + args[1] + "'", usage);
}

}  // namespace camstream::camera
