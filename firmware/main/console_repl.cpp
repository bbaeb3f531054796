#include "console_repl.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "camera/core/file_console_output.hpp"
#include "esp_console.h"

namespace camstream::firmware {
namespace {

// Command handlers get no context pointer before ESP-IDF v5.3
// (func_w_context), and v5.2 is supported: the one console lives here.
camera::Console* g_console = nullptr;

// Every command: argv[0] is its name, which the core dispatches on. Answers
// go to the REPL task's stdout, the USB Serial/JTAG port.
int run_command(int argc, char** argv) {
    const std::vector<std::string> args(argv, argv + argc);
    camera::FileConsoleOutput out{stdout};
    return g_console->execute(args, out);
}

constexpr std::uint32_t kReplStack = 8192;  // wifi scan results and C++ strings
constexpr std::size_t kMaxLine = 256;       // `wifi set` with a 64-char key fits

}  // namespace

camera::Status start_console_repl(camera::Console& console) {
    g_console = &console;

    esp_console_repl_config_t repl_config = ESP_CONSOLE_REPL_CONFIG_DEFAULT();
    repl_config.prompt = camera::Console::kPrompt;
    repl_config.task_stack_size = kReplStack;
    repl_config.max_cmdline_length = kMaxLine;
    esp_console_dev_usb_serial_jtag_config_t device =
        ESP_CONSOLE_DEV_USB_SERIAL_JTAG_CONFIG_DEFAULT();
    esp_console_repl_t* repl = nullptr;
    if (esp_err_t err = esp_console_new_repl_usb_serial_jtag(&device, &repl_config, &repl);
        err != ESP_OK)
        return camera::Status::failure(std::string{"esp_console_new_repl_usb_serial_jtag: "} +
                                       esp_err_to_name(err));

    // Only now: creating the REPL initialises esp_console and registers
    // ESP-IDF's own `help`, and registering a name again replaces the
    // command. Registered after it, `help` is the core's, with the same text
    // as mock-camera's; the REPL task reads no line before it is started.
    for (const camera::Console::Command& c : camera::Console::commands()) {
        esp_console_cmd_t cmd{};
        cmd.command = c.name;  // static strings: outlive the registration
        cmd.help = c.help;
        cmd.func = &run_command;
        if (esp_err_t err = esp_console_cmd_register(&cmd); err != ESP_OK)
            return camera::Status::failure(std::string{"esp_console_cmd_register("} + c.name +
                                           "): " + esp_err_to_name(err));
    }

    if (esp_err_t err = esp_console_start_repl(repl); err != ESP_OK)
        return camera::Status::failure(std::string{"esp_console_start_repl: "} +
                                       esp_err_to_name(err));
    return camera::Status::success();
}

}  // namespace camstream::firmware
