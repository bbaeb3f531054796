#include "camera/core/console.hpp"

#include "camera/core/command_line.hpp"

namespace camstream::camera {
namespace {

void list_commands(ConsoleOutput& out) {
    out.line("commands:");
    for (const Console::Command& c : Console::commands()) {
        std::string name = c.name;
        name.resize(8, ' ');
        out.line("  " + name + c.help);
    }
    out.line("type a command without arguments, or help <command>, for its usage");
}

}  // namespace

Console::Console(ConsoleContext& context)
    : wifi_{context}, stream_{context}, cam_{context}, psram_{context.board} {}

const std::vector<Console::Command>& Console::commands() {
    static const std::vector<Command> list = {
        {"wifi", "WiFi STA config: wifi status|scan|set|connect|disconnect|clear"},
        {"stream", "Stream control: stream status|set|start|stop|clear"},
        {"cam", "Camera: cam power 0|1 (1=on), cam dump, cam flip|mirror on|off [save]"},
        {"psram", "PSRAM status: psram status"},
        {"help", "List the commands, or one command's usage: help [command]"},
    };
    return list;
}

int Console::help(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (args.size() <= 1) {
        list_commands(out);
        return 0;
    }
    if (args.size() > 2) {
        out.line("help: unexpected argument '" + args[2] + "'");
        return 1;
    }
    const std::string& name = args[1];
    if (name == "wifi")
        WifiCommands::usage(out);
    else if (name == "stream")
        StreamCommands::usage(out);
    else if (name == "cam")
        CamCommands::usage(out);
    else if (name == "psram")
        PsramCommands::usage(out);
    else if (name == "help")
        out.line("usage:\n  help [command]");
    else {
        out.line("help: unknown command '" + name + "'");
        list_commands(out);
        return 1;
    }
    return 0;
}

int Console::execute_line(std::string_view line, ConsoleOutput& out) {
    std::vector<std::string> args;
    if (Status split = split_command_line(line, args); !split) {
        out.line("error: " + split.message());
        return 1;
    }
    if (args.empty()) return 0;
    return execute(args, out);
}

int Console::execute(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (args.empty()) return 0;
    const std::string& name = args[0];
    if (name == "wifi") return wifi_.run(args, out);
    if (name == "stream") return stream_.run(args, out);
    if (name == "cam") return cam_.run(args, out);
    if (name == "psram") return psram_.run(args, out);
    if (name == "help") return help(args, out);
    out.line("unknown command '" + name + "'; type help for the list");
    return 1;
}

}  // namespace camstream::camera
