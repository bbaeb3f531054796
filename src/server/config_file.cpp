#include "server/config_file.hpp"

#include <toml++/toml.h>

#include <algorithm>

namespace camstream::server {

namespace {

// Tables of these flags are written `key = "value"`; each entry becomes one flag with the two
// joined the way the flag expects them.
struct MapFlag {
    std::string_view name;
    std::string_view separator;
};
constexpr MapFlag map_flags[] = {{"camera-token", "="}, {"viewer-password", ":"}};

const MapFlag* map_flag(std::string_view name) {
    for (const auto& flag : map_flags) {
        if (flag.name == name) return &flag;
    }
    return nullptr;
}

// Settings that only make sense on the command line.
bool command_line_only(std::string_view name) {
    return name == "config" || name == "check-config" || name == "help";
}

class Reader {
public:
    Reader(std::string path, CLI::App& app) : path_(std::move(path)), app_(app) {}

    std::vector<ConfigArgument> read() {
        toml::table root;
        try {
            root = toml::parse_file(path_);
        } catch (const toml::parse_error& e) {
            throw ConfigFileError(where(e.source().begin.line) + std::string(e.description()));
        }
        for (const auto& [key, node] : root) read_top(std::string(key.str()), node);
        return std::move(settings_);
    }

private:
    void read_top(const std::string& key, const toml::node& node) {
        const auto* table = node.as_table();
        if (table == nullptr) {
            read_value(key, flag_named(key, line_of(node)), node);
            return;
        }
        if (const MapFlag* map = map_flag(key)) {
            for (const auto& [entry, value] : *table) {
                const std::string name(entry.str());
                const auto* text = value.as_string();
                if (text == nullptr) fail(value, key + "." + name + " must be a string");
                add(key + "." + name, "--" + key, name + std::string(map->separator) + text->get(),
                    line_of(value));
            }
            return;
        }
        // A section: `[hls] segment` is --hls-segment when that exists, else --segment.
        for (const auto& [entry, value] : *table) {
            const std::string name(entry.str());
            const std::string full = key + "." + name;
            if (value.is_table()) fail(value, full + ": sections do not nest");
            const CLI::Option* flag = app_.get_option_no_throw("--" + key + "-" + name);
            if (flag == nullptr) flag = flag_named(name, line_of(value), full);
            read_value(full, flag, value);
        }
    }

    const CLI::Option* flag_named(const std::string& name, long line,
                                  const std::string& shown = {}) {
        const std::string& label = shown.empty() ? name : shown;
        if (command_line_only(name)) {
            throw ConfigFileError(where(line) + "'" + label + "' belongs on the command line");
        }
        const CLI::Option* flag = app_.get_option_no_throw("--" + name);
        if (flag == nullptr) throw ConfigFileError(where(line) + "unknown setting '" + label + "'");
        return flag;
    }

    void read_value(const std::string& key, const CLI::Option* flag, const toml::node& node) {
        const std::string name = flag->get_name();
        if (const auto* array = node.as_array()) {
            for (const auto& item : *array) read_value(key, flag, item);
            return;
        }
        const bool on_off = flag->get_expected_max() == 0;
        if (const auto* yes = node.as_boolean()) {
            if (!on_off) fail(node, key + " takes a value, not true/false");
            if (yes->get()) add_words(key, {name}, line_of(node));
            return;
        }
        if (on_off) fail(node, key + " is on/off: write true or false");
        std::string text;
        if (const auto* s = node.as_string()) {
            text = s->get();
        } else if (const auto* i = node.as_integer()) {
            text = std::to_string(i->get());
        } else if (const auto* f = node.as_floating_point()) {
            text = CLI::detail::to_string(f->get());
        } else {
            fail(node, key + " must be a string, a number or true/false");
        }
        add(key, name, text, line_of(node));
    }

    void add(const std::string& key, const std::string& flag, std::string value, long line) {
        add_words(key, {flag, std::move(value)}, line);
    }
    void add_words(const std::string& key, std::vector<std::string> words, long line) {
        settings_.push_back({key, std::move(words), line});
    }

    static long line_of(const toml::node& node) {
        return static_cast<long>(node.source().begin.line);
    }
    std::string where(long line) const {
        return line > 0 ? path_ + ":" + std::to_string(line) + ": " : path_ + ": ";
    }
    [[noreturn]] void fail(const toml::node& node, const std::string& message) const {
        throw ConfigFileError(where(line_of(node)) + message);
    }

    std::string path_;
    CLI::App& app_;
    std::vector<ConfigArgument> settings_;
};

}  // namespace

std::vector<ConfigArgument> read_config_file(const std::string& path, CLI::App& app) {
    return Reader(path, app).read();
}

void check_config_arguments(
    const std::string& path, const std::vector<ConfigArgument>& settings,
    const std::function<void(const std::vector<std::string>& words)>& parse) {
    for (const auto& setting : settings) {
        try {
            parse(setting.words);
        } catch (const CLI::ParseError& e) {
            throw ConfigFileError(path + ":" + std::to_string(setting.line) + ": " + setting.key +
                                  ": " + e.what());
        }
    }
}

}  // namespace camstream::server
