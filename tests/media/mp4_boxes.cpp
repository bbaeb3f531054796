#include "mp4_boxes.hpp"

#include <set>

namespace camstream::media::test {

namespace {

const std::set<std::string, std::less<>> kContainers = {
    "moov", "trak", "mdia", "minf", "stbl", "mvex", "moof", "traf", "edts", "dinf", "udta"};

}  // namespace

std::uint32_t read_u32(std::span<const std::uint8_t> b, std::size_t o) {
    return (std::uint32_t{b[o]} << 24) | (std::uint32_t{b[o + 1]} << 16) |
           (std::uint32_t{b[o + 2]} << 8) | b[o + 3];
}

std::uint64_t read_u64(std::span<const std::uint8_t> b, std::size_t o) {
    return (std::uint64_t{read_u32(b, o)} << 32) | read_u32(b, o + 4);
}

std::optional<std::vector<Box>> parse_boxes(std::span<const std::uint8_t> bytes) {
    std::vector<Box> boxes;
    std::size_t pos = 0;
    while (pos < bytes.size()) {
        if (bytes.size() - pos < 8) return std::nullopt;
        std::uint64_t size = read_u32(bytes, pos);
        std::size_t header = 8;
        if (size == 1) {
            if (bytes.size() - pos < 16) return std::nullopt;
            size = read_u64(bytes, pos + 8);
            header = 16;
        } else if (size == 0) {
            size = bytes.size() - pos;
        }
        if (size < header || size > bytes.size() - pos) return std::nullopt;
        Box box;
        box.type.assign(reinterpret_cast<const char*>(bytes.data() + pos + 4), 4);
        box.payload = bytes.subspan(pos + header, size - header);
        boxes.push_back(box);
        pos += size;
    }
    return boxes;
}

std::optional<Box> find_box(std::span<const std::uint8_t> bytes, std::string_view path) {
    std::optional<Box> found;
    std::span<const std::uint8_t> level = bytes;
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        const std::string_view name = path.substr(0, slash);
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
        auto boxes = parse_boxes(level);
        if (!boxes) return std::nullopt;
        found.reset();
        for (const Box& b : *boxes) {
            if (b.type == name) {
                found = b;
                break;
            }
        }
        if (!found) return std::nullopt;
        level = found->payload;
    }
    return found;
}

bool contains_box(std::span<const std::uint8_t> bytes, std::string_view type) {
    auto boxes = parse_boxes(bytes);
    if (!boxes) return false;
    for (const Box& b : *boxes) {
        if (b.type == type) return true;
        if (kContainers.contains(b.type) && contains_box(b.payload, type)) return true;
    }
    return false;
}

std::optional<ProducerTime> read_prft(const Box& prft) {
    const auto p = prft.payload;
    if (prft.type != "prft" || p.size() < 4) return std::nullopt;
    ProducerTime t;
    t.version = p[0];
    t.flags = read_u32(p, 0) & 0xFFFFFF;
    const std::size_t needed = t.version == 0 ? 4 + 4 + 8 + 4 : 4 + 4 + 8 + 8;
    if (p.size() != needed) return std::nullopt;
    t.track_id = read_u32(p, 4);
    t.ntp = read_u64(p, 8);
    t.media_time = t.version == 0 ? read_u32(p, 16) : read_u64(p, 16);
    return t;
}

double ntp_to_unix_seconds(std::uint64_t ntp) {
    constexpr double kUnixToNtpSeconds = 2208988800.0;
    return static_cast<double>(ntp >> 32) - kUnixToNtpSeconds +
           static_cast<double>(ntp & 0xFFFFFFFFu) / 4294967296.0;
}

std::optional<FragmentSample> read_fragment(std::span<const std::uint8_t> fragment) {
    auto top = parse_boxes(fragment);
    if (!top) return std::nullopt;
    FragmentSample s;
    if (!top->empty() && (*top)[0].type == "prft") {
        s.prft = read_prft((*top)[0]);
        if (!s.prft) return std::nullopt;
        top->erase(top->begin());
    }
    if (top->size() != 2 || (*top)[0].type != "moof" || (*top)[1].type != "mdat") {
        return std::nullopt;
    }
    s.moof_offset = static_cast<std::size_t>((*top)[0].payload.data() - fragment.data()) - 8;
    s.moof_size =
        static_cast<std::size_t>((*top)[1].payload.data() - fragment.data()) - 8 - s.moof_offset;
    s.mdat_payload_size = (*top)[1].payload.size();

    const auto moof_and_mdat = fragment.subspan(s.moof_offset);
    auto tfhd = find_box(moof_and_mdat, "moof/traf/tfhd");
    auto tfdt = find_box(moof_and_mdat, "moof/traf/tfdt");
    auto trun = find_box(moof_and_mdat, "moof/traf/trun");
    if (!tfhd || !tfdt || !trun) return std::nullopt;

    const auto t = tfdt->payload;
    s.decode_time = t[0] == 1 ? read_u64(t, 4) : read_u32(t, 4);

    // tfhd: version/flags, track_ID, then the optional fields in flag order.
    const auto h = tfhd->payload;
    const std::uint32_t hflags = read_u32(h, 0) & 0xFFFFFF;
    std::size_t pos = 8;
    if (hflags & 0x01) pos += 8;  // base_data_offset
    if (hflags & 0x02) pos += 4;  // sample_description_index
    if (hflags & 0x08) s.duration = read_u32(h, pos), pos += 4;
    if (hflags & 0x10) s.size = read_u32(h, pos), pos += 4;
    if (hflags & 0x20) s.flags = read_u32(h, pos), pos += 4;

    const auto r = trun->payload;
    const std::uint32_t rflags = read_u32(r, 0) & 0xFFFFFF;
    s.sample_count = read_u32(r, 4);
    pos = 8;
    if (rflags & 0x001) s.data_offset = static_cast<std::int32_t>(read_u32(r, pos)), pos += 4;
    std::optional<std::uint32_t> first_flags;
    if (rflags & 0x004) first_flags = read_u32(r, pos), pos += 4;
    if (s.sample_count >= 1) {
        if (rflags & 0x100) s.duration = read_u32(r, pos), pos += 4, s.duration_in_trun = true;
        if (rflags & 0x200) s.size = read_u32(r, pos), pos += 4, s.size_in_trun = true;
        if (rflags & 0x400) s.flags = read_u32(r, pos), pos += 4, s.flags_in_trun = true;
        if (first_flags) s.flags = first_flags, s.flags_in_trun = true;
    }
    return s;
}

}  // namespace camstream::media::test
