#include "server/command_line.hpp"

#include <algorithm>
#include <iostream>

#include "server/config_file.hpp"
#include "server/server_options.hpp"

namespace camstream::server {

namespace {

const char* const description =
    "camstream-server: JPEG cameras in over WebSocket, live H.264 out to browsers";

struct App {
    ServerOptions options;
    std::string config_path;
    std::string check_path;
    std::unique_ptr<CLI::App> cli = std::make_unique<CLI::App>(description);

    explicit App(const std::string& web_root) {
        options.config.web_root = web_root;
        options.http_port = options.config.http_port;
        add_server_options(*cli, options);
        cli->add_option("--config", config_path,
                        "TOML file of settings (keys are these flags' names); flags given here "
                        "win over it")
            ->check(CLI::ExistingFile);
        cli->add_option("--check-config", check_path,
                        "Check a config file (and these flags) and exit: 0 when valid")
            ->check(CLI::ExistingFile);
    }
};

// CLI11 takes a word list last word first.
void parse_words(CLI::App& app, const std::vector<std::string>& words) {
    std::vector<std::string> reversed(words.rbegin(), words.rend());
    app.parse(reversed);
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, const char* const* argv,
                                     const std::string& default_web_root) {
    std::vector<std::string> given(argv + 1, argv + argc);
    App first(default_web_root);
    try {
        parse_words(*first.cli, given);
    } catch (const CLI::ParseError& e) {
        return {std::nullopt, first.cli->exit(e)};
    }
    const std::string path = first.check_path.empty() ? first.config_path : first.check_path;
    std::vector<std::string> words;
    if (!path.empty()) {
        try {
            auto settings = read_config_file(path, *first.cli);
            check_config_arguments(path, settings, [&](const std::vector<std::string>& one) {
                App scratch(default_web_root);
                parse_words(*scratch.cli, one);
            });
            for (const auto& setting : settings) {
                const CLI::Option* flag = first.cli->get_option(setting.words.front());
                const bool repeatable = flag->get_expected_max() > 1;
                if (flag->count() > 0 && !repeatable) continue;  // the command line wins
                words.insert(words.end(), setting.words.begin(), setting.words.end());
            }
        } catch (const ConfigFileError& e) {
            std::cerr << "camstream-server: " << e.what() << "\n";
            return {std::nullopt, 2};
        }
    }
    words.insert(words.end(), given.begin(), given.end());

    App final_app(default_web_root);
    CommandLine result;
    try {
        parse_words(*final_app.cli, words);
        result.config = finish_server_options(final_app.options);
    } catch (const CLI::ParseError& e) {
        return {std::nullopt, final_app.cli->exit(e)};
    } catch (const std::invalid_argument& e) {
        std::cerr << "camstream-server: " << e.what() << "\n";
        return {std::nullopt, 2};
    }
    result.log_level = final_app.options.log_level;
    result.check_only = !first.check_path.empty();
    result.config_path = path;
    return {std::move(result), 0};
}

}  // namespace camstream::server
