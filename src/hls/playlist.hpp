#pragma once
// The media playlist of a Segmenter's window, LL-HLS and plain HLS in one: players that know
// EXT-X-PART, blocking reload and preload hints use them, the others play the segments.
// Names, relative to the playlist: init-<generation>.mp4, seg-<msn>.m4s, part-<msn>.<i>.m4s.
#include <string>

#include "hls/segmenter.hpp"

namespace camstream::hls {

std::string write_playlist(const Segmenter& segmenter);

std::string segment_name(std::uint64_t msn);
std::string part_name(Position position);
std::string init_name(std::uint64_t generation);

// The inverse of the names above, for requests; false if `name` is none of them.
struct ResourceName {
    enum class Kind { playlist, init, segment, part };
    Kind kind = Kind::playlist;
    std::uint64_t number = 0;  // generation or msn
    std::uint64_t part = 0;
};
bool parse_resource_name(const std::string& name, ResourceName& out);

}  // namespace camstream::hls
