#include "camera/core/wifi_commands.hpp"

#include <cstdio>

#include "camera/core/console_args.hpp"
#include "camera/core/decimal.hpp"

namespace camstream::camera {
namespace {

constexpr std::size_t kDefaultScanMax = 20;
constexpr long kScanMaxLimit = 200;

const char* yes_no(bool b) {
    return b ? "yes" : "no";
}

}  // namespace

void WifiCommands::usage(ConsoleOutput& out) {
    out.line("usage:");
    out.line("  wifi status");
    out.line("  wifi scan [max]");
    out.line("  wifi set <ssid> <password> [save]");
    out.line("  wifi set --ssid <ssid> --pass <password> [--save]");
    out.line("  wifi connect");
    out.line("  wifi disconnect");
    out.line("  wifi clear");
}

int WifiCommands::run(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (args.size() < 2) {
        usage(out);
        return 1;
    }
    const std::string& sub = args[1];
    if (sub == "set") return set(args, out);
    if (sub == "scan") return scan(args, out);
    if (sub != "status" && sub != "connect" && sub != "disconnect" && sub != "clear")
        return reject(out, "wifi: unknown subcommand '" + sub + "'", usage);
    if (!no_extra_args(args, 2, out, usage)) return 1;
    if (sub == "status") return status(out);
    if (sub == "connect") return connect(out);
    if (sub == "disconnect") return disconnect(out);
    return clear(out);
}

int WifiCommands::status(ConsoleOutput& out) {
    const Settings& s = context_.settings;
    const std::string credentials =
        "ssid=" + (s.wifi_ssid.empty() ? std::string{"-"} : s.wifi_ssid) +
        " saved=" + yes_no(context_.store.has_saved_wifi()) +
        " runtime=" + yes_no(!s.wifi_ssid.empty());
    WifiLink link;
    const Status got = context_.wifi.link(link);
    if (!got) {
        out.line(credentials);
        out.line("wifi status: " + got.message());
        return 1;
    }
    out.line(std::string{"state="} + to_string(link.state) + " " + credentials +
             " reason=" + std::to_string(link.last_disconnect_reason) +
             " ip=" + (link.ip.empty() ? "-" : link.ip) +
             " rssi=" + (link.rssi == 0 ? std::string{"-"} : std::to_string(link.rssi)));
    return 0;
}

int WifiCommands::scan(const std::vector<std::string>& args, ConsoleOutput& out) {
    if (!no_extra_args(args, 3, out, usage)) return 1;
    std::size_t max = kDefaultScanMax;
    if (args.size() == 3) {
        long value = 0;
        if (!parse_decimal(args[2], value) || value < 1 || value > kScanMaxLimit)
            return reject(
                out,
                "wifi scan: invalid max: " + args[2] + " (1-" + std::to_string(kScanMaxLimit) + ")",
                usage);
        max = static_cast<std::size_t>(value);
    }
    std::vector<WifiNetwork> networks;
    const Status scanned = context_.wifi.scan(max, networks);
    if (!scanned) {
        out.line("wifi scan: " + scanned.message());
        return 1;
    }
    if (networks.size() > max) networks.resize(max);
    out.line("found " + std::to_string(networks.size()) + " networks (showing up to " +
             std::to_string(max) + "):");
    for (std::size_t i = 0; i < networks.size(); ++i) {
        const WifiNetwork& n = networks[i];
        char prefix[48];
        std::snprintf(prefix, sizeof prefix, "%3zu: ch=%d rssi=%d auth=", i, n.channel, n.rssi);
        out.line(prefix + n.auth + " ssid=" + (n.ssid.empty() ? "<hidden>" : n.ssid));
    }
    return 0;
}

int WifiCommands::set(const std::vector<std::string>& args, ConsoleOutput& out) {
    std::string ssid, password;
    bool have_ssid = false, have_password = false, save = false;
    bool flag_form = false;
    for (std::size_t i = 2; i < args.size(); ++i)
        flag_form = flag_form || args[i] == "--ssid" || args[i] == "--pass";

    if (flag_form) {
        for (std::size_t i = 2; i < args.size(); ++i) {
            const std::string& a = args[i];
            if (is_save_word(a)) {
                save = true;
            } else if (a == "--ssid" || a == "--pass") {
                if (i + 1 == args.size())
                    return reject(out, "wifi set: " + a + " needs a value", usage);
                (a == "--ssid" ? ssid : password) = args[++i];
                (a == "--ssid" ? have_ssid : have_password) = true;
            } else {
                return reject(out, "wifi set: unexpected argument '" + a + "'", usage);
            }
        }
    } else {
        std::vector<std::string> words(args.begin() + 2, args.end());
        if (words.size() == 3 && is_save_word(words[2])) {
            save = true;
            words.pop_back();
        }
        if (words.size() > 2)
            return reject(out, "wifi set: unexpected argument '" + words[2] + "'", usage);
        if (!words.empty()) {
            ssid = words[0];
            have_ssid = true;
        }
        if (words.size() == 2) {
            password = words[1];
            have_password = true;
        }
    }
    if (!have_ssid || ssid.empty()) return reject(out, "wifi set: missing ssid", usage);
    // The positional form needs the password spelled out, so that "save" is
    // never taken for one by accident; "" means an open network.
    if (!flag_form && !have_password)
        return reject(out, "wifi set: missing password (\"\" for an open network)", usage);
    if (Status ok = Settings::check_ssid(ssid); !ok)
        return reject(out, "wifi set: " + ok.message(), usage);
    if (Status ok = Settings::check_password(password); !ok)
        return reject(out, "wifi set: " + ok.message(), usage);

    context_.settings.wifi_ssid = ssid;
    context_.settings.wifi_password = password;
    if (save) {
        if (Status saved = context_.store.save_wifi(context_.settings); !saved) {
            out.line("credentials set (ssid=" + ssid + ") but not saved: " + saved.message());
            return 1;
        }
    }
    out.line("credentials set (ssid=" + ssid + (save ? ", saved)" : ")"));
    return 0;
}

int WifiCommands::connect(ConsoleOutput& out) {
    const Settings& s = context_.settings;
    if (s.wifi_ssid.empty()) {
        out.line("wifi connect: no credentials; use wifi set <ssid> <password> first");
        return 1;
    }
    if (Status ok = context_.wifi.connect(s.wifi_ssid, s.wifi_password); !ok) {
        out.line("wifi connect: " + ok.message());
        return 1;
    }
    out.line("connect requested");
    return 0;
}

int WifiCommands::disconnect(ConsoleOutput& out) {
    if (Status ok = context_.wifi.disconnect(); !ok) {
        out.line("wifi disconnect: " + ok.message());
        return 1;
    }
    out.line("disconnect requested");
    return 0;
}

int WifiCommands::clear(ConsoleOutput& out) {
    context_.settings.wifi_ssid.clear();
    context_.settings.wifi_password.clear();
    if (Status ok = context_.store.clear_wifi(); !ok) {
        out.line("wifi clear: runtime credentials cleared, saved ones not: " + ok.message());
        return 1;
    }
    out.line("cleared saved+runtime credentials");
    return 0;
}

}  // namespace camstream::camera
