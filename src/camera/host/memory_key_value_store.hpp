#pragma once

#include <map>
#include <optional>
#include <string>

#include "camera/core/key_value_store.hpp"

namespace camstream::camera {

// A KeyValueStore that forgets everything at exit: for tests, and for a
// platform with nowhere to persist. commit() is counted so tests can check a
// change was committed.
class MemoryKeyValueStore final : public KeyValueStore {
public:
    std::optional<std::string> get(const std::string& key) const override {
        const auto it = values_.find(key);
        if (it == values_.end()) return std::nullopt;
        return it->second;
    }
    Status set(const std::string& key, const std::string& value) override {
        values_[key] = value;
        return Status::success();
    }
    Status erase(const std::string& key) override {
        values_.erase(key);
        return Status::success();
    }
    Status commit() override {
        ++commits_;
        return Status::success();
    }

    const std::map<std::string, std::string>& values() const { return values_; }
    int commits() const { return commits_; }

private:
    std::map<std::string, std::string> values_;
    int commits_ = 0;
};

}  // namespace camstream::camera
