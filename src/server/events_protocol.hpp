#pragma once
// The /ws/events wire format: the camera list a page shows, as JSON text messages.
//
//   on connect:  {"type":"cameras","server_time":<ms>,"cameras":[<camera>, ...]} (by id)
//   then:        {"type":"camera",<camera>}  an id appeared, went online or offline, resized
//                {"type":"removed","id":"a"} the server forgot the id
//   <camera>:    "id":"a","state":"online"|"offline","width":W,"height":H (0 while unknown)
#include <string>
#include <vector>

#include "stream/camera_presence.hpp"
#include "stream/camera_snapshot.hpp"

namespace camstream::server {

std::string cameras_message(const std::vector<stream::CameraSnapshot>& cameras,
                            double server_time_ms);
// What one hub event becomes.
std::string event_message(const stream::HubEvent& event);

}  // namespace camstream::server
