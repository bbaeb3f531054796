#include "camera/host/stdio_repl.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <thread>

#include "console_fixture.hpp"

using namespace camstream::camera;
using namespace std::chrono_literals;
using camstream::camera::testing::ConsoleTest;

namespace {
class StdioReplTest : public ConsoleTest {
protected:
    void SetUp() override { ASSERT_EQ(::pipe2(fds_, O_CLOEXEC), 0); }
    void TearDown() override {
        close_input();
        ::close(fds_[0]);
    }
    void type(const std::string& text) {
        ASSERT_EQ(::write(fds_[1], text.data(), text.size()), ssize_t(text.size()));
    }
    void close_input() {
        if (fds_[1] >= 0) ::close(fds_[1]);
        fds_[1] = -1;
    }
    int input() const { return fds_[0]; }

private:
    int fds_[2] = {-1, -1};
};
}  // namespace

TEST_F(StdioReplTest, RunsEachLineUntilEndOfInput) {
    StdioRepl repl{console, input(), out, ""};
    type("stream set host 127.0.0.1\nstream set port 8080 save\nstream start");  // the last line
                                                                                 // has no newline
    close_input();
    EXPECT_EQ(repl.run(), StdioRepl::End::kEndOfInput);
    EXPECT_EQ(out.text(),
              "stream target set (host=127.0.0.1 port=8080)\n"
              "stream port set (port=8080, saved)\n"
              "stream start requested\n");
    EXPECT_EQ(stream.starts.size(), 1u);
}

TEST_F(StdioReplTest, PromptsWhenAskedTo) {
    StdioRepl repl{console, input(), out, Console::kPrompt};
    type("stream stop\n");
    close_input();
    repl.run();
    EXPECT_EQ(out.text(), "camstream> stream stopped\ncamstream> \n");
}

TEST_F(StdioReplTest, InterruptEndsItWhileWaitingForInput) {
    StdioRepl repl{console, input(), out, ""};
    std::thread stopper{[&] {
        std::this_thread::sleep_for(50ms);
        repl.interrupt();
    }};
    type("help\n");
    EXPECT_EQ(repl.run(), StdioRepl::End::kInterrupted);
    stopper.join();
    EXPECT_NE(out.text().find("commands:\n"), std::string::npos);
}
