#pragma once
// What a camera's stream tells its consumers. Payloads are immutable and shared: a frame is
// encoded and muxed once per camera, and every consumer holds the same bytes.
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "media/shared_bytes.hpp"

namespace camstream::stream {

// The H.264 stream a run of frames belongs to. A new one starts when the camera reconnects
// or changes size; `generation` tells them apart (it only grows, per camera).
struct StreamFormat {
    std::uint64_t generation = 0;
    std::string codec;  // "avc1.42c01e"
    int width = 0;
    int height = 0;
    media::SharedBytes init_segment;  // ftyp+moov, 90 kHz track timescale
};

struct Frame {
    media::SharedBytes jpeg;  // the camera's JPEG as received
    // prft+moof+mdat holding this frame alone (decode time == pts, prft time == arrival_wall);
    // the access unit (AVCC NAL units) is its tail from `access_unit_offset`. Null if the
    // frame was not encoded.
    media::SharedBytes fragment;
    std::size_t access_unit_offset = 0;
    bool keyframe = false;
    std::int64_t pts = 0;       // 90 kHz on the server's timeline, never going back
    std::int64_t duration = 0;  // 90 kHz, as written in the fragment
    std::chrono::steady_clock::time_point arrival;       // when the JPEG was read
    std::chrono::system_clock::time_point arrival_wall;  // the same instant, wall clock

    std::span<const std::uint8_t> access_unit() const {
        if (!fragment) return {};
        return std::span<const std::uint8_t>(*fragment).subspan(access_unit_offset);
    }
};

struct StreamEvent {
    enum class Kind {
        online,   // a camera connection started sending for this id
        offline,  // it went away; frames stop until one comes back
        format,   // the following frames belong to this stream (H.264 consumers only)
        frame,
    };
    Kind kind = Kind::offline;
    std::shared_ptr<const StreamFormat> format;  // Kind::format
    std::shared_ptr<const Frame> frame;          // Kind::frame
};

}  // namespace camstream::stream
