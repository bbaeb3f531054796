#pragma once
// An observer's registration with the hub. While it lives the observer is called; once it is
// destroyed (or reset) the observer is never called again, even from another thread.
#include <functional>
#include <utility>

namespace camstream::stream {

class HubSubscription {
public:
    HubSubscription() = default;
    explicit HubSubscription(std::function<void()> cancel) : cancel_(std::move(cancel)) {}
    ~HubSubscription() { reset(); }
    HubSubscription(HubSubscription&& other) noexcept : cancel_(std::exchange(other.cancel_, {})) {}
    HubSubscription& operator=(HubSubscription&& other) noexcept {
        if (this != &other) {
            reset();
            cancel_ = std::exchange(other.cancel_, {});
        }
        return *this;
    }
    HubSubscription(const HubSubscription&) = delete;
    HubSubscription& operator=(const HubSubscription&) = delete;

    void reset() {
        if (auto cancel = std::exchange(cancel_, {})) cancel();
    }
    explicit operator bool() const { return static_cast<bool>(cancel_); }

private:
    std::function<void()> cancel_;
};

}  // namespace camstream::stream
