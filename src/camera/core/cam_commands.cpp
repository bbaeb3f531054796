#include "camera/core/cam_commands.hpp"

#include "camera/core/console_args.hpp"

namespace camstream::camera {

void CamCommands::usage(ConsoleOutput& out) {
    out.line("usage:");
    out.line("  cam power <0|1>  (1=on, 0=off)");
    out.line("  cam dump");
    out.line("  cam flip <on|off> [save]    (vertical)");
    out.line("  cam mirror <on|off> [save]  (horizontal)");
}

int CamCommands::run(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (args.size() < 2) {
        usage(out);
        return 1;
    }
    if (args[1] == "power") return power(args, out);
    if (args[1] == "dump") return dump(args, out);
    if (args[1] == "flip" || args[1] == "mirror") return orientation(args, out);
    return reject(out, "cam: unknown subcommand '" + args[1] + "'", usage);
}

int CamCommands::power(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (args.size() < 3) return reject(out, "cam power: missing 0 or 1", usage);
    if (!no_extra_args(args, 3, out, usage)) return 1;
    if (args[2] != "0" && args[2] != "1") return reject(out, "cam power: expected 0 or 1", usage);
    const bool on = args[2] == "1";
    if (Status ok = context_.board.set_camera_power(on); !ok) {
        out.line("cam power: " + ok.message());
        return 1;
    }
    out.line(std::string{"camera power set to "} + (on ? "1" : "0"));
    return 0;
}

int CamCommands::dump(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (!no_extra_args(args, 2, out, usage)) return 1;
    std::string report;
    if (Status ok = context_.board.describe_camera_power(report); !ok) {
        out.line("cam dump: " + ok.message());
        return 1;
    }
    out.write(report);
    if (!report.empty() && report.back() != '\n') out.write("\n");
    const Settings& s = context_.settings;
    out.line(std::string{"orientation flip="} + (s.vflip ? "on" : "off") +
             " mirror=" + (s.hmirror ? "on" : "off"));
    return 0;
}

int CamCommands::orientation(const std::vector<std::string>& args, ConsoleOutput& out) {
    const std::string what = "cam " + args[1];
    const bool flip = args[1] == "flip";
    if (args.size() < 3) return reject(out, what + ": missing on or off", usage);
    if (args[2] != "on" && args[2] != "off")
        return reject(out, what + ": expected on or off, not '" + args[2] + "'", usage);
    bool save = false;
    for (std::size_t i = 3; i < args.size(); ++i) {
        if (i == 3 && is_save_word(args[i]))
            save = true;
        else
            return reject(out, what + ": unexpected argument '" + args[i] + "'", usage);
    }

    Settings changed = context_.settings;
    (flip ? changed.vflip : changed.hmirror) = args[2] == "on";
    // The sensor first: where it cannot be turned (no camera), nothing changes.
    if (Status ok = context_.board.set_orientation(changed.vflip, changed.hmirror); !ok) {
        out.line(what + ": " + ok.message());
        return 1;
    }
    context_.settings = changed;
    const std::string done =
        std::string{flip ? "camera flip set to " : "camera mirror set to "} + args[2];
    if (save) {
        if (Status saved = context_.store.save_fields(changed, flip ? kFieldVflip : kFieldHmirror);
            !saved) {
            out.line(done + " but not saved: " + saved.message());
            return 1;
        }
    }
    out.line(done + (save ? " (saved)" : ""));
    return 0;
}

}  // namespace camstream::camera
