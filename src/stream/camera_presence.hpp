#pragma once
// What the hub tells observers about its set of cameras: which ids exist, whether a camera is
// sending for each, and its picture size. Each event carries the whole state of one id, so an
// observer that coalesces or drops older events per id loses nothing.
#include <string>

namespace camstream::stream {

struct CameraPresence {
    std::string id;
    bool online = false;  // a camera connection is sending for this id
    int width = 0;        // 0 while not known: offline, or no good JPEG yet
    int height = 0;

    bool operator==(const CameraPresence&) const = default;
};

struct HubEvent {
    enum class Kind {
        changed,  // the id is new, or its presence changed
        removed,  // the hub forgot the id (only camera.id is meaningful)
    };
    Kind kind = Kind::changed;
    CameraPresence camera;
};

}  // namespace camstream::stream
