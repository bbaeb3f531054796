#include "server/slot_table.hpp"

#include <utility>

namespace camstream::server {

struct Slot::State {
    SlotTable::Caps caps;
    mutable std::mutex mutex;
    std::size_t total = 0;
    std::map<std::string, std::size_t, std::less<>> per_key;  // keys holding none are erased

    void give_back(const std::string& key) {
        std::lock_guard lock(mutex);
        const auto it = per_key.find(key);
        if (it == per_key.end()) return;
        --total;
        if (--it->second == 0) per_key.erase(it);
    }
};

Slot::Slot(std::shared_ptr<State> state, std::string key)
    : state_(std::move(state)), key_(std::move(key)) {}

Slot& Slot::operator=(Slot&& other) noexcept {
    if (this != &other) {
        release();
        state_ = std::move(other.state_);
        key_ = std::move(other.key_);
    }
    return *this;
}

Slot::~Slot() {
    release();
}

void Slot::release() {
    if (!state_) return;
    state_->give_back(key_);
    state_.reset();
}

SlotTable::SlotTable(Caps caps) : state_(std::make_shared<Slot::State>()) {
    state_->caps = caps;
}

std::optional<Slot> SlotTable::take(const std::string& key, Refusal* refusal) {
    Slot::State& s = *state_;
    const auto refuse = [refusal](Refusal why) {
        if (refusal) *refusal = why;
        return std::nullopt;
    };
    std::lock_guard lock(s.mutex);
    const auto it = s.per_key.find(key);
    const std::size_t held = it == s.per_key.end() ? 0 : it->second;
    if (s.total >= s.caps.total) return refuse(Refusal::total);
    if (held >= s.caps.per_key) return refuse(Refusal::per_key);
    if (held == 0 && s.per_key.size() >= s.caps.keys) return refuse(Refusal::keys);
    ++s.total;
    ++s.per_key[key];
    if (refusal) *refusal = Refusal::none;
    return Slot(state_, key);
}

std::size_t SlotTable::total() const {
    std::lock_guard lock(state_->mutex);
    return state_->total;
}

std::size_t SlotTable::held_by(const std::string& key) const {
    std::lock_guard lock(state_->mutex);
    const auto it = state_->per_key.find(key);
    return it == state_->per_key.end() ? 0 : it->second;
}

std::size_t SlotTable::keys() const {
    std::lock_guard lock(state_->mutex);
    return state_->per_key.size();
}

}  // namespace camstream::server
