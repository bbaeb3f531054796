#include "camera/core/stream_commands.hpp"

#include "camera/core/console_args.hpp"
#include "camera/core/decimal.hpp"

namespace camstream::camera {
namespace {

const char* yes_no(bool b) {
    return b ? "yes" : "no";
}

bool parse_port(const std::string& text, std::uint16_t& port) {
    long value = 0;
    if (!parse_decimal(text, value) || !Settings::check_port(value).ok()) return false;
    port = static_cast<std::uint16_t>(value);
    return true;
}

}  // namespace

void StreamCommands::usage(ConsoleOutput& out) {
    out.line("usage:");
    out.line("  stream status");
    out.line("  stream set host <host> [port] [save]");
    out.line("  stream set port <port> [save]");
    out.line("  stream start");
    out.line("  stream stop");
    out.line("  stream clear");
}

int StreamCommands::run(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (args.size() < 2) {
        usage(out);
        return 1;
    }
    const std::string& sub = args[1];
    if (sub == "set") return set(args, out);
    if (sub != "status" && sub != "start" && sub != "stop" && sub != "clear")
        return reject(out, "stream: unknown subcommand '" + sub + "'", usage);
    if (!no_extra_args(args, 2, out, usage)) return 1;
    if (sub == "status") return status(out);
    if (sub == "start") return start(out);
    if (sub == "stop") return stop(out);
    return clear(out);
}

int StreamCommands::status(ConsoleOutput& out) {
    const Settings& s = context_.settings;
    const StreamStatus st = context_.stream.status();
    out.line("host=" + (s.host.empty() ? std::string{"-"} : s.host) + " port=" +
             std::to_string(s.port) + " saved=" + yes_no(context_.store.has_saved_stream()) +
             " runtime=" + yes_no(!s.host.empty()) + " streaming=" + (st.enabled ? "on" : "off") +
             " ws=" + (st.state == StreamState::kStreaming ? "up" : "down"));
    const std::string url = st.enabled ? st.url : s.stream_url();
    out.line(std::string{"state="} + to_string(st.state) + " url=" + (url.empty() ? "-" : url) +
             " interval=" + std::to_string(s.frame_interval_ms) +
             "ms quality=" + std::to_string(s.jpeg_quality));
    const StreamCounters& c = st.counters;
    out.line("frames sent=" + std::to_string(c.frames_sent) +
             " dropped=" + std::to_string(c.frames_dropped) + " capture_failures=" +
             std::to_string(c.capture_failures) + " connects=" + std::to_string(c.connections) +
             " failed_connects=" + std::to_string(c.failed_connects) +
             " disconnects=" + std::to_string(c.disconnects));
    if (!st.last_error.empty()) out.line("last error: " + st.last_error);
    return 0;
}

int StreamCommands::set(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (args.size() < 3 || (args[2] != "host" && args[2] != "port"))
        return reject(out, "stream set: expected 'host' or 'port'", usage);
    const bool set_host = args[2] == "host";
    if (args.size() < 4) return reject(out, std::string{"stream set: missing "} + args[2], usage);

    Settings changed = context_.settings;
    bool save = false, have_port = !set_host;
    if (set_host) {
        if (Status ok = Settings::check_host(args[3]); !ok)
            return reject(out, "stream set: " + ok.message(), usage);
        changed.host = args[3];
    } else if (!parse_port(args[3], changed.port)) {
        return reject(out, "stream set port: invalid port: " + args[3] + " (1-65535)", usage);
    }
    for (std::size_t i = 4; i < args.size(); ++i) {
        if (is_save_word(args[i]) && !save) {
            save = true;
        } else if (!have_port && !save) {
            // `stream set host <host> <port>`: the port comes before save.
            if (!parse_port(args[i], changed.port))
                return reject(out, "stream set: invalid port: " + args[i] + " (1-65535)", usage);
            have_port = true;
        } else {
            return reject(out, "stream set: unexpected argument '" + args[i] + "'", usage);
        }
    }

    const std::string what = set_host ? "stream target set (host=" + changed.host +
                                            " port=" + std::to_string(changed.port)
                                      : "stream port set (port=" + std::to_string(changed.port);
    const SettingsFields fields = (set_host ? kFieldHost : 0u) | (have_port ? kFieldPort : 0u);
    if (!apply(changed, fields, save, what, out)) return 1;
    out.line(what + (save ? ", saved)" : ")"));
    return 0;
}

bool StreamCommands::apply(const Settings& changed, SettingsFields fields, bool save,
                           const std::string& what, ConsoleOutput& out) {
    context_.settings = changed;
    // A running stream follows the new target at once; with no host yet there
    // is nothing it could follow.
    if (context_.stream.status().enabled && !changed.host.empty())
        context_.stream.start(changed.stream_config(context_.stream_base));
    unsaved_ |= fields;
    if (save) {
        if (Status saved = context_.store.save_fields(changed, unsaved_); !saved) {
            out.line(what + ") but not saved: " + saved.message());
            return false;
        }
        unsaved_ = 0;
    }
    return true;
}

int StreamCommands::start(ConsoleOutput& out) {
    const Settings& s = context_.settings;
    if (s.host.empty()) {
        out.line("stream start: no host set; use stream set host <host> first");
        return 1;
    }
    context_.stream.start(s.stream_config(context_.stream_base));
    out.line("stream start requested");
    return 0;
}

int StreamCommands::stop(ConsoleOutput& out) {
    context_.stream.stop();
    out.line("stream stopped");
    return 0;
}

int StreamCommands::clear(ConsoleOutput& out) {
    Settings& s = context_.settings;
    const Settings& d = context_.defaults;
    const bool was_streaming = context_.stream.status().enabled;
    if (was_streaming) context_.stream.stop();
    s.host = d.host;
    s.port = d.port;
    s.path = d.path;
    s.camera_id = d.camera_id;
    s.frame_interval_ms = d.frame_interval_ms;
    s.jpeg_quality = d.jpeg_quality;
    s.token = d.token;
    unsaved_ = 0;
    const Status cleared = context_.store.clear_stream();
    if (!cleared) {
        out.line("stream clear: runtime target reset, saved one not: " + cleared.message());
        return 1;
    }
    out.line("cleared saved stream target");
    if (was_streaming) out.line("stream stopped");
    return 0;
}

}  // namespace camstream::camera
