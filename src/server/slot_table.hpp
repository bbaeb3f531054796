#pragma once
// Places that clients hold while connected, counted per key (a peer address, a camera id)
// under up to three caps: places in all, places per key, distinct keys. A place is a Slot,
// held for as long as whatever it admits lives and given back when the Slot is destroyed, so
// no path (an error, an exception, a session handed to another) can forget to give it back.
// Thread-safe; a Slot may outlive its table.
#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace camstream::server {

class SlotTable;

class Slot {
public:
    Slot() = default;
    Slot(Slot&& other) noexcept = default;
    Slot& operator=(Slot&& other) noexcept;
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;
    ~Slot();

    bool held() const { return state_ != nullptr; }
    void release();

private:
    friend class SlotTable;
    struct State;
    Slot(std::shared_ptr<State> state, std::string key);

    std::shared_ptr<State> state_;
    std::string key_;
};

class SlotTable {
public:
    static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

    struct Caps {
        std::size_t total = kUnlimited;    // places in all
        std::size_t per_key = kUnlimited;  // places one key may hold
        std::size_t keys = kUnlimited;     // distinct keys holding places
    };
    // Which cap refused a place.
    enum class Refusal { none, total, per_key, keys };

    explicit SlotTable(Caps caps);

    // A place for `key`, or the cap that refuses one (`refusal` tells which).
    std::optional<Slot> take(const std::string& key, Refusal* refusal = nullptr);

    std::size_t total() const;
    std::size_t held_by(const std::string& key) const;
    std::size_t keys() const;

private:
    std::shared_ptr<Slot::State> state_;
};

}  // namespace camstream::server
