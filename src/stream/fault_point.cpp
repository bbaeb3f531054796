#include "stream/fault_point.hpp"

#ifdef CAMSTREAM_FAULT_INJECTION
#include <atomic>
#include <cstdlib>
#include <map>
#include <new>
#include <sstream>
#include <string>

namespace camstream::stream {

namespace {
struct Fault {
    unsigned long at = 0;  // the pass that throws, counting from 1
    mutable std::atomic<unsigned long> passes{0};  // counted through the read-only table
};

// Read once from the environment; the map never changes afterwards, so lookups need no lock.
const std::map<std::string, Fault>& faults() {
    static const std::map<std::string, Fault> table = [] {
        std::map<std::string, Fault> parsed;
        const char* spec = std::getenv("CAMSTREAM_FAULTS");
        std::istringstream in(spec ? spec : "");
        std::string item;
        while (std::getline(in, item, ',')) {
            const auto eq = item.find('=');
            if (eq == std::string::npos) continue;
            parsed[item.substr(0, eq)].at = std::stoul(item.substr(eq + 1));
        }
        return parsed;
    }();
    return table;
}
}  // namespace

void fault_point(const char* name) {
    const auto& table = faults();
    if (table.empty()) return;
    const auto found = table.find(name);
    if (found == table.end()) return;
    const Fault& fault = found->second;
    if (fault.passes.fetch_add(1) + 1 == fault.at) throw std::bad_alloc();
}

}  // namespace camstream::stream
#endif
