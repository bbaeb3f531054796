#include "server/open_files_limit.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace camstream::server {

namespace {
constexpr std::uint64_t kOwnDescriptors = 64;
}

std::uint64_t open_files_needed(std::uint64_t max_connections) {
    return max_connections + kOwnDescriptors;
}

OpenFilesPlan plan_open_files(std::uint64_t needed, std::uint64_t soft, std::uint64_t hard,
                              std::uint64_t unlimited) {
    OpenFilesPlan plan;
    plan.soft = soft;
    if (soft != unlimited && soft < needed) {
        plan.soft = hard == unlimited ? needed : std::min(needed, hard);
        plan.soft = std::max(plan.soft, soft);
    }
    plan.hard_too_low = hard != unlimited && hard < needed;
    return plan;
}

void raise_open_files_limit(std::uint64_t max_connections) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        spdlog::warn("cannot read the open files limit: {}", std::strerror(errno));
        return;
    }
    const std::uint64_t needed = open_files_needed(max_connections);
    const OpenFilesPlan plan =
        plan_open_files(needed, limit.rlim_cur, limit.rlim_max, RLIM_INFINITY);
    if (plan.soft != limit.rlim_cur) {
        const auto before = limit.rlim_cur;
        limit.rlim_cur = static_cast<rlim_t>(plan.soft);
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
            spdlog::warn("cannot raise the open files limit from {} to {}: {}", before, plan.soft,
                         std::strerror(errno));
            return;
        }
        spdlog::info("open files limit raised from {} to {} for --max-connections {}", before,
                     plan.soft, max_connections);
    }
    if (plan.hard_too_low) {
        spdlog::warn(
            "the hard open files limit ({}) is below the {} that --max-connections {} needs: "
            "past about {} connections new ones fail to be accepted; raise it (ulimit -Hn, "
            "systemd LimitNOFILE=) or lower --max-connections",
            limit.rlim_max, needed, max_connections,
            limit.rlim_max > kOwnDescriptors ? limit.rlim_max - kOwnDescriptors : 0);
    }
}

}  // namespace camstream::server
