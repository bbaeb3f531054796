// The server's limits against a real server: connections in all and per peer address
// (refused at accept with a 503 naming the limit), viewers per camera and cameras streaming
// at once (503 before the upgrade), each counted in /metrics, and a place given back when the
// connection holding it ends, whatever kind it was. Peers come from other loopback addresses
// (127.0.0.2, ...) to be other addresses to the server.
#include <sys/resource.h>

#include <boost/asio/connect.hpp>
#include <boost/beast/http.hpp>
#include <regex>
#include <thread>

#include "server_fixture.hpp"

namespace camstream::test {
namespace {

using namespace std::chrono_literals;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

// A TCP connection from `from` (a loopback address) that sends nothing until asked: a place
// held at the server.
class RawConnection {
public:
    RawConnection(std::uint16_t port, const std::string& from) : stream_(ioc_) {
        stream_.socket().open(tcp::v4());
        stream_.socket().bind(tcp::endpoint(net::ip::make_address(from), 0));
        stream_.expires_after(10s);
        stream_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    }

    // One request on this connection and its answer.
    http::response<http::string_body> request(const std::string& target,
                                              const std::string& upgrade_to = "") {
        http::request<http::empty_body> req{http::verb::get, target, 11};
        req.set(http::field::host, "127.0.0.1");
        if (!upgrade_to.empty()) {
            req.set(http::field::connection, "Upgrade");
            req.set(http::field::upgrade, upgrade_to);
            req.set(http::field::sec_websocket_version, "13");
            req.set(http::field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
        }
        stream_.expires_after(10s);
        http::write(stream_, req);
        return read_response();
    }

    // What the server says without being asked: its refusal at accept.
    http::response<http::string_body> read_response() {
        http::response<http::string_body> response;
        stream_.expires_after(10s);
        http::read(stream_, buffer_, response);
        return response;
    }

    void close() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.socket().close(ec);
    }

private:
    net::io_context ioc_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

// GET `target` from `from` on a connection of its own.
http::response<http::string_body> get_from(std::uint16_t port, const std::string& from,
                                           const std::string& target) {
    RawConnection c(port, from);
    return c.request(target);
}

// A metric's value in /metrics (read from 127.0.0.254, an address no test fills), -1 if absent.
double metric(std::uint16_t port, const std::string& series) {
    std::string text;
    try {
        text = get_from(port, "127.0.0.254", "/metrics").body();
    } catch (const std::exception&) {
        return -1;  // refused: the server is full
    }
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
}

std::string refused(const std::string& kind, const std::string& reason) {
    return "camstream_connections_refused_total{kind=\"" + kind + "\",reason=\"" + reason + "\"}";
}

// Repeats `attempt` until it returns true: a place given back is noticed by the server when
// it reads the peer's close, a moment after the test closes.
template <typename Attempt>
bool eventually(Attempt attempt, std::chrono::seconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!attempt()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

bool served(std::uint16_t port, const std::string& from) {
    try {
        return get_from(port, from, "/healthz").result_int() == 200;
    } catch (const std::exception&) {
        return false;
    }
}

class ConnectionLimitsTest : public ServerTest {
protected:
    void SetUp() override {
        start({"--max-connections", "6", "--max-connections-per-address", "3"});
    }
};

TEST_F(ConnectionLimitsTest, OneAddressPastItsLimitGets503AndOthersAreStillServed) {
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawConnection>(port_, "127.0.0.2"));
    RawConnection over(port_, "127.0.0.2");
    const auto refusal = over.read_response();
    EXPECT_EQ(refusal.result_int(), 503);
    EXPECT_NE(refusal.body().find("(3, --max-connections-per-address)"), std::string::npos)
        << refusal.body();
    EXPECT_TRUE(served(port_, "127.0.0.3"));  // another address

    held.front()->close();
    EXPECT_TRUE(eventually([&] { return served(port_, "127.0.0.2"); }));
    EXPECT_GE(metric(port_, refused("connection", "max_connections_per_address")), 1);
    EXPECT_EQ(metric(port_, refused("connection", "max_connections")), 0);
    EXPECT_NE(server_->log().find("refused a connection: its address has 3 open"),
              std::string::npos)
        << server_->log();
}

TEST_F(ConnectionLimitsTest, PastTheTotalEveryAddressGets503UntilAConnectionOfAnyKindEnds) {
    // Six places: raw connections, a viewer, an events page, all count alike.
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 2; ++i) held.push_back(std::make_unique<RawConnection>(port_, "127.0.0.2"));
    for (int i = 0; i < 2; ++i) held.push_back(std::make_unique<RawConnection>(port_, "127.0.0.3"));
    WsClient viewer(port_, "/ws/viewer/porch");
    WsClient events(port_, "/ws/events");
    ASSERT_TRUE(events.read(5s));  // the camera list: the events session runs

    RawConnection over(port_, "127.0.0.4");
    const auto refusal = over.read_response();
    EXPECT_EQ(refusal.result_int(), 503);
    EXPECT_NE(refusal.body().find("(6, --max-connections)"), std::string::npos) << refusal.body();

    viewer.close();  // a WebSocket viewer that ends gives its place back
    EXPECT_TRUE(eventually([&] { return served(port_, "127.0.0.4"); }));
    events.close();
    held.clear();
    double count = -1;
    EXPECT_TRUE(eventually([&] {
        count = metric(port_, refused("connection", "max_connections"));
        return count >= 1;
    }));
    EXPECT_EQ(metric(port_, refused("connection", "max_connections_per_address")), 0);
    // Only the metrics request itself is open once everything has gone.
    EXPECT_TRUE(eventually([&] { return metric(port_, "camstream_connections_open") == 1; }));
}

ChildProcess start_mock_camera(std::uint16_t port, const std::string& id) {
    return ChildProcess(MOCK_CAMERA_BIN, {"--host", "127.0.0.1", "--port", std::to_string(port),
                                          "--id", id, "--fps", "10", "--no-pacing"});
}

class ViewerLimitTest : public ServerTest {
protected:
    void SetUp() override { start({"--max-viewers-per-camera", "2"}); }
};

TEST_F(ViewerLimitTest, AThirdViewerOfACameraGets503AndTheViewersItHasKeepStreaming) {
    ChildProcess camera = start_mock_camera(port_, "porch");
    ASSERT_FALSE(wait_for_stats("porch", [](const nlohmann::json& s) {
                     return !s.empty() && s["connected"].get<bool>();
                 }).empty());
    WsClient viewer(port_, "/ws/viewer/porch");
    HttpConnection mjpeg(port_);
    mjpeg.send_request("GET", "/api/cameras/porch/mjpeg");
    const auto head = mjpeg.read_head();
    ASSERT_TRUE(head);
    ASSERT_EQ(head->status, 200);  // WebSocket viewers and MJPEG clients count together

    RawConnection third(port_, "127.0.0.2");
    const auto ws_refusal = third.request("/ws/viewer/porch", "websocket");
    EXPECT_EQ(ws_refusal.result_int(), 503);
    EXPECT_NE(ws_refusal.body().find("camera 'porch' already has the most viewers"),
              std::string::npos)
        << ws_refusal.body();
    EXPECT_NE(ws_refusal.body().find("--max-viewers-per-camera"), std::string::npos);
    const auto mjpeg_refusal = get_from(port_, "127.0.0.2", "/api/cameras/porch/mjpeg");
    EXPECT_EQ(mjpeg_refusal.result_int(), 503);
    EXPECT_NE(mjpeg_refusal.body().find("--max-viewers-per-camera"), std::string::npos);
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/garden"), 101);  // another camera's viewers

    // The viewer already there keeps getting frames.
    auto got = capture(viewer, 3);
    EXPECT_EQ(got.fragments.size(), 3u);
    EXPECT_EQ(metric(port_, refused("websocket", "max_viewers_per_camera")), 1);
    EXPECT_EQ(metric(port_, refused("mjpeg", "max_viewers_per_camera")), 1);

    mjpeg.close();  // an MJPEG client that leaves gives its place back
    EXPECT_TRUE(eventually([&] { return upgrade_status(port_, "/ws/viewer/porch") == 101; }));
}

class CameraLimitTest : public ServerTest {
protected:
    void SetUp() override { start({"--max-cameras", "2"}); }
};

TEST_F(CameraLimitTest, ANewCameraIsRefusedWhileTheMostCamerasStreamButAReplacementIsNot) {
    WsClient a(port_, "/ws/camera/a");
    WsClient b(camera_port_, "/ws/camera/b");
    for (const std::uint16_t port : {port_, camera_port_}) {
        RawConnection c(port, "127.0.0.2");
        const auto refusal = c.request("/ws/camera/c", "websocket");
        EXPECT_EQ(refusal.result_int(), 503);
        EXPECT_NE(refusal.body().find("(2, --max-cameras); camera 'c' is not one of them"),
                  std::string::npos)
            << refusal.body();
    }
    EXPECT_EQ(upgrade_status(port_, "/ws/viewer/c"), 101);  // a viewer may wait for any id
    EXPECT_EQ(metric(port_, refused("camera", "max_cameras")), 2);
    EXPECT_EQ(metric(port_, "camstream_cameras_streaming"), 2);

    {
        // A rebooted camera coming back before its old connection is noticed dead.
        WsClient again(port_, "/ws/camera/a");
        EXPECT_EQ(a.read_until_closed(), 4000);
    }
    b.close();  // a camera that ends gives its place back
    EXPECT_TRUE(eventually([&] { return upgrade_status(port_, "/ws/camera/c") == 101; }));
}

// The server under `prlimit --nofile=SOFT:HARD`, with --max-connections `cap`; returns its
// soft limit once it listens.
struct StartedUnderLimit {
    std::unique_ptr<ChildProcess> server;
    rlim_t soft = 0;
};
StartedUnderLimit start_under_limit(int soft, int hard, int cap) {
    StartedUnderLimit s;
    s.server = std::make_unique<ChildProcess>(
        "/usr/bin/prlimit",
        std::vector<std::string>{"--nofile=" + std::to_string(soft) + ":" + std::to_string(hard),
                                 CAMSTREAM_SERVER_BIN, "--listen", "127.0.0.1", "--port", "0",
                                 "--camera-port", "-1", "--max-connections", std::to_string(cap)});
    EXPECT_TRUE(s.server->wait_for_line(std::regex(R"(http=\d+)"), 30s)) << s.server->log();
    rlimit now{};
    EXPECT_EQ(::prlimit(s.server->pid(), RLIMIT_NOFILE, nullptr, &now), 0);
    s.soft = now.rlim_cur;
    return s;
}

TEST(OpenFilesAtStartTest, TheSoftLimitIsRaisedToFitTheConnectionCap) {
    auto s = start_under_limit(256, 4096, 1000);
    EXPECT_EQ(s.soft, 1064u);  // the cap and the server's own 64
    EXPECT_NE(s.server->log().find("open files limit raised from 256 to 1064"), std::string::npos)
        << s.server->log();
    EXPECT_EQ(s.server->stop(), std::optional<int>(0));
}

TEST(OpenFilesAtStartTest, AHardLimitBelowTheCapIsRaisedToAndNamedInAWarning) {
    auto s = start_under_limit(256, 512, 1000);
    EXPECT_EQ(s.soft, 512u);
    EXPECT_NE(s.server->log().find("the hard open files limit (512) is below the 1064 that "
                                   "--max-connections 1000 needs"),
              std::string::npos)
        << s.server->log();
    EXPECT_EQ(s.server->stop(), std::optional<int>(0));
}

}  // namespace
}  // namespace camstream::test
