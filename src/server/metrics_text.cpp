#include "server/metrics_text.hpp"

#include <cmath>
#include <functional>
#include <sstream>

namespace camstream::server {

namespace {
using Snapshot = stream::CameraSnapshot;

// Counters are printed whole: a stream's default six significant digits would turn 1234567
// frames into 1.23457e+06 and make rate() jump.
void number(std::ostringstream& out, double v) {
    if (v == std::floor(v) && std::fabs(v) < 9.0e15) {
        out << static_cast<long long>(v);
    } else {
        out << v;
    }
}

// Camera ids are [A-Za-z0-9_-] and reasons are our own words, so label values need no escaping.
void family(std::ostringstream& out, const std::vector<Snapshot>& cameras, const char* name,
            const char* type, const char* help,
            const std::function<double(const Snapshot&)>& value) {
    out << "# HELP camstream_" << name << ' ' << help << "\n# TYPE camstream_" << name << ' '
        << type << '\n';
    for (const auto& c : cameras) {
        out << "camstream_" << name << "{camera=\"" << c.id << "\"} ";
        number(out, value(c));
        out << '\n';
    }
}
}  // namespace

std::string metrics_text(const std::vector<Snapshot>& cameras,
                         const std::vector<ClosedConnections::Count>& closed) {
    std::ostringstream out;
    std::size_t connected = 0;
    std::size_t viewers = 0;
    for (const auto& c : cameras) {
        connected += c.connected ? 1 : 0;
        viewers += c.consumers_of("websocket").connected;
    }
    out << "# HELP camstream_camera_clients Cameras connected now.\n"
           "# TYPE camstream_camera_clients gauge\ncamstream_camera_clients "
        << connected << "\n# HELP camstream_viewer_clients Viewers connected now.\n"
        << "# TYPE camstream_viewer_clients gauge\ncamstream_viewer_clients " << viewers << '\n';
    family(out, cameras, "camera_connected", "gauge", "1 while the camera is connected.",
           [](const Snapshot& c) { return c.connected ? 1.0 : 0.0; });
    family(out, cameras, "frames_received_total", "counter", "JPEG frames received.",
           [](const Snapshot& c) { return static_cast<double>(c.frames_received); });
    family(out, cameras, "frames_encoded_total", "counter", "Frames encoded to H.264.",
           [](const Snapshot& c) { return static_cast<double>(c.frames_encoded); });
    family(out, cameras, "frames_unwatched_total", "counter",
           "Good JPEGs passed on without encoding, because no consumer wanted H.264.",
           [](const Snapshot& c) { return static_cast<double>(c.frames_unwatched); });
    family(out, cameras, "encoding", "gauge", "1 while the camera's H.264 encoder runs.",
           [](const Snapshot& c) { return c.encoding ? 1.0 : 0.0; });
    family(out, cameras, "frames_dropped_total", "counter",
           "Good frames dropped because the encoder was still busy with an earlier one.",
           [](const Snapshot& c) { return static_cast<double>(c.frames_dropped); });
    family(
        out, cameras, "viewer_skips_total", "counter",
        "Times a slow viewer's queue overflowed and it skipped ahead to the next keyframe.",
        [](const Snapshot& c) { return static_cast<double>(c.consumers_of("websocket").skips); });
    family(out, cameras, "viewers", "gauge", "WebSocket viewers watching the camera now.",
           [](const Snapshot& c) {
               return static_cast<double>(c.consumers_of("websocket").connected);
           });
    family(out, cameras, "fps", "gauge", "Encoded frames per second over the last seconds.",
           [](const Snapshot& c) { return c.fps_out; });
    family(out, cameras, "bitrate_kbps", "gauge", "H.264 bitrate over the last seconds.",
           [](const Snapshot& c) { return c.bitrate_kbps; });
    out << "# HELP camstream_frames_rejected_total Frames refused, by reason.\n"
           "# TYPE camstream_frames_rejected_total counter\n";
    for (const auto& c : cameras) {
        for (const auto& [reason, count] : c.rejected_by_reason) {
            out << "camstream_frames_rejected_total{camera=\"" << c.id << "\",reason=\"" << reason
                << "\"} " << count << '\n';
        }
    }
    out << "# HELP camstream_consumers Consumers of the camera now, by kind (websocket, hls, "
           "mjpeg).\n# TYPE camstream_consumers gauge\n";
    for (const auto& c : cameras) {
        for (const auto& [kind, figures] : c.consumers) {
            out << "camstream_consumers{camera=\"" << c.id << "\",kind=\"" << kind << "\"} "
                << figures.connected << '\n';
        }
    }
    out << "# HELP camstream_consumer_skips_total Times a consumer fell behind and skipped ahead "
           "(to the next keyframe, or the newest JPEG), by kind.\n"
           "# TYPE camstream_consumer_skips_total counter\n";
    for (const auto& c : cameras) {
        for (const auto& [kind, figures] : c.consumers) {
            out << "camstream_consumer_skips_total{camera=\"" << c.id << "\",kind=\"" << kind
                << "\"} " << figures.skips << '\n';
        }
    }
    out << "# HELP camstream_viewers_closed_total Viewer connections the server closed, by kind "
           "(websocket, events, mjpeg) and reason (write_deadline: it stopped reading).\n"
           "# TYPE camstream_viewers_closed_total counter\n";
    for (const auto& c : closed) {
        out << "camstream_viewers_closed_total{kind=\"" << c.kind << "\",reason=\"" << c.reason
            << "\"} " << c.count << '\n';
    }
    return out.str();
}

std::string limits_metrics_text(std::size_t open_connections, std::size_t streaming_cameras,
                                const std::vector<ClosedConnections::Count>& refused) {
    std::ostringstream out;
    out << "# HELP camstream_connections_open TCP connections open now, every kind "
           "(--max-connections).\n# TYPE camstream_connections_open gauge\n"
           "camstream_connections_open "
        << open_connections
        << "\n# HELP camstream_cameras_streaming Camera ids with a camera connection now "
           "(--max-cameras).\n# TYPE camstream_cameras_streaming gauge\n"
           "camstream_cameras_streaming "
        << streaming_cameras
        << "\n# HELP camstream_connections_refused_total Clients refused with 503 by a limit, by "
           "kind (connection: at accept; websocket, mjpeg: a viewer; camera) and reason (the "
           "limit).\n# TYPE camstream_connections_refused_total counter\n";
    for (const auto& r : refused) {
        out << "camstream_connections_refused_total{kind=\"" << r.kind << "\",reason=\"" << r.reason
            << "\"} " << r.count << '\n';
    }
    return out.str();
}

}  // namespace camstream::server
