#pragma once

#include "camera/core/wifi_control.hpp"

namespace camstream::camera {

// WifiControl for mock-camera: a PC is already on its network, so there is no
// radio to drive; every call fails with a plain explanation the console prints.
class MockWifiControl final : public WifiControl {
public:
    static constexpr const char* kWhy = "not available on mock-camera (it uses the host's network)";

    Status connect(const std::string&, const std::string&) override {
        return Status::failure(kWhy);
    }
    Status disconnect() override { return Status::failure(kWhy); }
    Status link(WifiLink&) override { return Status::failure(kWhy); }
    Status scan(std::size_t, std::vector<WifiNetwork>&) override { return Status::failure(kWhy); }
};

}  // namespace camstream::camera
