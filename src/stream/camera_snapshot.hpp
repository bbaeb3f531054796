#pragma once
// A point-in-time copy of a camera's figures, for /api/cameras, /metrics and the stats log.
#include <cstdint>
#include <map>
#include <string>

namespace camstream::stream {

struct ConsumerFigures {
    std::size_t connected = 0;  // consumers of this kind now
    std::uint64_t skips = 0;    // times one fell behind and skipped ahead
};

struct CameraSnapshot {
    std::string id;
    bool connected = false;
    int width = 0;
    int height = 0;
    std::string codec;
    double fps_in = 0;
    double fps_out = 0;
    double bitrate_kbps = 0;
    std::uint64_t avg_jpeg_bytes = 0;
    std::uint64_t frames_received = 0;
    std::uint64_t frames_encoded = 0;
    std::uint64_t frames_unwatched = 0;  // good JPEGs passed on without encoding: no H.264 wanted
    bool encoding = false;               // the H.264 encoder is running
    std::uint64_t frames_dropped = 0;
    std::uint64_t frames_rejected = 0;
    std::map<std::string, std::uint64_t> rejected_by_reason;
    std::map<std::string, ConsumerFigures> consumers;  // by kind

    const ConsumerFigures& consumers_of(const std::string& kind) const {
        static const ConsumerFigures none;
        const auto it = consumers.find(kind);
        return it == consumers.end() ? none : it->second;
    }
};

}  // namespace camstream::stream
