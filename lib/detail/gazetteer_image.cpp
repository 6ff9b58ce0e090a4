// Writing and reading the gazetteer's binary image (layout in gazetteer_image.hpp).

#include "detail/gazetteer_image.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>
#include <unordered_map>

#include "cartoffre/error.hpp"
#include "detail/text.hpp"

namespace cartoffre::detail {

namespace gi = gazetteer_image;

std::string place_key(std::string_view text) {
    std::string key;
    for (auto& w : words(text)) {
        if (!key.empty()) key += ' ';
        key += w == "st" ? "saint" : w == "ste" ? "sainte" : w;
    }
    return key;
}

namespace {

// Appends plain structs and strings; every string is stored once.
class ImageWriter {
  public:
    gi::Ref intern(const std::string& text) {
        auto [it, fresh] = m_interned.emplace(text, gi::Ref{});
        if (fresh) {
            if (m_pool.size() + text.size() > UINT32_MAX)
                throw Error("gazetteer image: string pool over 4 GB");
            it->second = {static_cast<uint32_t>(m_pool.size()), static_cast<uint32_t>(text.size())};
            m_pool += text;
        }
        return it->second;
    }
    const std::string& pool() const { return m_pool; }

  private:
    std::string m_pool;
    std::unordered_map<std::string, gi::Ref> m_interned;
};

template <class T>
void append(std::string& out, const T& value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

struct KeyedRow {
    std::string key;
    uint32_t commune;
    bool operator<(const KeyedRow& o) const {
        return std::tie(key, commune) < std::tie(o.key, o.commune);
    }
    bool operator==(const KeyedRow& o) const { return key == o.key && commune == o.commune; }
};

bool is_current_type(const std::string& type) {
    return type == "commune-actuelle" || type == "arrondissement-municipal";
}

}  // namespace

std::string write_gazetteer_image(const GazetteerTables& tables) {
    const std::vector<CommuneRow>& rows = tables.communes;
    const auto n = static_cast<uint32_t>(rows.size());

    // The first current commune keeps a code shared with a delegated one (93066).
    std::map<std::string, uint32_t> by_code;
    for (uint32_t i = 0; i < n; ++i) {
        auto [it, fresh] = by_code.emplace(rows[i].code, i);
        if (!fresh && !is_current_type(rows[it->second].type) && is_current_type(rows[i].type))
            it->second = i;
    }
    // Arrondissements of each city, and the EPCI they inherit from it.
    std::vector<std::vector<uint32_t>> arrondissements(n);
    std::vector<std::string> epci(n);
    for (uint32_t i = 0; i < n; ++i) epci[i] = rows[i].epci;
    for (uint32_t i = 0; i < n; ++i) {
        if (rows[i].type != "arrondissement-municipal") continue;
        auto parent = by_code.find(rows[i].parent);
        if (parent == by_code.end()) continue;
        arrondissements[parent->second].push_back(i);
        if (epci[i].empty()) epci[i] = rows[parent->second].epci;
    }
    std::vector<KeyedRow> by_postcode, by_name;
    for (uint32_t i = 0; i < n; ++i) {
        const CommuneRow& c = rows[i];
        if (is_current_type(c.type))
            for (auto& p : c.postcodes) by_postcode.push_back({p, i});
        by_name.push_back({place_key(c.name), i});
        if (c.type == "arrondissement-municipal") {
            // "Paris 11e Arrondissement" is also found as "Paris 11" and "Paris 11e".
            auto w = words(c.name);
            if (w.size() >= 2) {
                std::string number = w[1];
                while (!number.empty() && !isdigit(static_cast<unsigned char>(number.back())))
                    number.pop_back();
                by_name.push_back({w[0] + " " + number, i});
                by_name.push_back({w[0] + " " + w[1], i});
            }
        }
    }
    for (auto* keyed : {&by_postcode, &by_name}) {
        std::sort(keyed->begin(), keyed->end());
        keyed->erase(std::unique(keyed->begin(), keyed->end()), keyed->end());
    }

    ImageWriter writer;
    std::string section[gi::section_count];
    uint32_t arrondissement_count = 0;
    for (uint32_t i = 0; i < n; ++i) {
        const CommuneRow& c = rows[i];
        gi::Record r;
        std::string packed;
        for (auto& p : c.postcodes) packed += p;
        r.code = writer.intern(c.code);
        r.name = writer.intern(c.name);
        r.type = writer.intern(c.type);
        r.parent = writer.intern(c.parent);
        r.departement = writer.intern(c.departement);
        r.region = writer.intern(c.region);
        r.epci = writer.intern(epci[i]);
        r.postcodes = writer.intern(packed);
        r.population = c.population;
        if (c.centre) {
            r.lat = c.centre->lat;
            r.lon = c.centre->lon;
            r.flags |= gi::has_centre;
        }
        if (is_current_type(c.type)) r.flags |= gi::current;
        if (c.type == "arrondissement-municipal") r.flags |= gi::arrondissement;
        r.arrondissements_begin = arrondissement_count;
        r.arrondissements_count = static_cast<uint32_t>(arrondissements[i].size());
        arrondissement_count += r.arrondissements_count;
        for (uint32_t a : arrondissements[i]) append(section[gi::arrondissements], a);
        append(section[gi::communes], r);
    }
    for (auto& [code, commune] : by_code)
        append(section[gi::by_code], gi::Keyed{writer.intern(code), commune});
    for (auto& e : by_postcode)
        append(section[gi::by_postcode], gi::Keyed{writer.intern(e.key), e.commune});
    for (auto& e : by_name)
        append(section[gi::by_name], gi::Keyed{writer.intern(e.key), e.commune});
    for (auto& [code, d] : tables.departements)
        append(section[gi::departements],
               gi::Named{writer.intern(code), writer.intern(d.first), writer.intern(d.second)});
    for (auto& [code, name] : tables.regions)
        append(section[gi::regions], gi::Named{writer.intern(code), writer.intern(name), {}});
    for (auto& [code, name] : tables.epcis)
        append(section[gi::epcis], gi::Named{writer.intern(code), writer.intern(name), {}});
    section[gi::pool] = writer.pool();

    gi::Header header;
    std::memcpy(header.magic, gi::magic, sizeof header.magic);
    header.version = gi::version;
    header.communes = n;
    uint64_t offset = sizeof header;
    for (uint32_t s = 0; s < gi::section_count; ++s) {
        header.sections[s] = {offset, section[s].size()};
        offset += (section[s].size() + 7) / 8 * 8;
    }
    header.total_size = offset;
    std::string image;
    image.reserve(offset);
    append(image, header);
    for (auto& s : section) {
        image += s;
        image.resize((image.size() + 7) / 8 * 8, '\0');
    }
    return image;
}

namespace {

constexpr size_t element_size[gi::section_count] = {1,
                                                    sizeof(gi::Record),
                                                    sizeof(gi::Keyed),
                                                    sizeof(gi::Keyed),
                                                    sizeof(gi::Keyed),
                                                    sizeof(uint32_t),
                                                    sizeof(gi::Named),
                                                    sizeof(gi::Named),
                                                    sizeof(gi::Named)};
constexpr const char* section_name[gi::section_count] = {
    "string pool",     "communes",     "codes",   "postcodes", "names",
    "arrondissements", "départements", "régions", "EPCIs"};

}  // namespace

GazetteerImage::GazetteerImage(std::string_view bytes, std::string file)
    : m_bytes(bytes), m_file(std::move(file)) {
    gi::Header header;
    if (bytes.size() < sizeof header)
        fail("truncated: " + std::to_string(bytes.size()) + " bytes, shorter than its header");
    std::memcpy(&header, bytes.data(), sizeof header);
    if (std::memcmp(header.magic, gi::magic, sizeof header.magic) != 0)
        fail("not a cartoffre gazetteer image (bad magic)");
    if (header.version != gi::version)
        fail("image version " + std::to_string(header.version) + ", this build reads version " +
             std::to_string(gi::version));
    if (header.total_size != bytes.size())
        fail("truncated or damaged: its header says " + std::to_string(header.total_size) +
             " bytes, the file has " + std::to_string(bytes.size()));
    for (uint32_t s = 0; s < gi::section_count; ++s) {
        const gi::SectionRef& ref = header.sections[s];
        if (ref.offset < sizeof header || ref.offset > bytes.size() ||
            ref.size > bytes.size() - ref.offset)
            fail(std::string("the ") + section_name[s] + " section lies outside the file");
        if (ref.size % element_size[s] != 0)
            fail(std::string("the ") + section_name[s] + " section is not a whole number of " +
                 "entries");
        m_offset[s] = ref.offset;
        m_count[s] = ref.size / element_size[s];
    }
    if (m_count[gi::pool] > UINT32_MAX) fail("string pool over 4 GB");
    if (m_count[gi::communes] != header.communes)
        fail("its header counts " + std::to_string(header.communes) + " communes, its table " +
             std::to_string(m_count[gi::communes]));
    m_communes = header.communes;
}

void GazetteerImage::fail(const std::string& what) const {
    throw IndexError("gazetteer image " + m_file + ": " + what);
}

gi::Record GazetteerImage::record(uint32_t commune) const {
    if (commune >= m_communes)
        fail("commune " + std::to_string(commune) + " out of range (" + std::to_string(m_communes) +
             " communes)");
    const gi::Record r = entry<gi::Record>(gi::communes, commune);
    // What a damaged record could make the readers misuse: a range read element by element, and
    // a centre the tree of centres would take.
    if (uint64_t{r.arrondissements_begin} + r.arrondissements_count > m_count[gi::arrondissements])
        fail("the arrondissements of commune " + std::to_string(commune) + " are out of range");
    if ((r.flags & gi::has_centre) && !valid(LatLon{r.lat, r.lon}))
        fail("commune " + std::to_string(commune) + " has an invalid centre");
    return r;
}

std::string_view GazetteerImage::text(gi::Ref ref) const {
    const uint64_t pool = m_count[gi::pool];
    if (ref.offset > pool || ref.size > pool - ref.offset) fail("string reference out of range");
    return m_bytes.substr(m_offset[gi::pool] + ref.offset, ref.size);
}

uint32_t GazetteerImage::keyed_commune(gi::Section section, size_t i) const {
    const uint32_t c = entry<gi::Keyed>(section, i).commune;
    if (c >= m_communes)
        fail(std::string("a commune of the ") + section_name[section] + " section is out of range");
    return c;
}

uint32_t GazetteerImage::arrondissement(uint32_t i) const {
    if (i >= m_count[gi::arrondissements]) fail("arrondissement range out of bounds");
    uint32_t c;
    std::memcpy(&c, m_bytes.data() + m_offset[gi::arrondissements] + i * sizeof c, sizeof c);
    if (c >= m_communes) fail("an arrondissement is out of range");
    return c;
}

template <class Less>
size_t GazetteerImage::partition_point(gi::Section section, Less less) const {
    size_t first = 0, count = m_count[section];
    while (count > 0) {
        const size_t half = count / 2;
        if (less(first + half)) {
            first += half + 1;
            count -= half + 1;
        } else {
            count = half;
        }
    }
    return first;
}

std::pair<size_t, size_t> GazetteerImage::equal_range(gi::Section section,
                                                      std::string_view key) const {
    auto key_of = [&](size_t i) { return text(entry<gi::Keyed>(section, i).key); };
    const size_t first = partition_point(section, [&](size_t i) { return key_of(i) < key; });
    const size_t last = partition_point(section, [&](size_t i) { return key_of(i) <= key; });
    return {first, std::max(first, last)};
}

std::pair<size_t, size_t> GazetteerImage::prefix_range(gi::Section section,
                                                       std::string_view prefix) const {
    auto head = [&](size_t i) {
        return text(entry<gi::Keyed>(section, i).key).substr(0, prefix.size());
    };
    const size_t first = partition_point(section, [&](size_t i) { return head(i) < prefix; });
    const size_t last = partition_point(section, [&](size_t i) { return head(i) <= prefix; });
    return {first, std::max(first, last)};
}

std::optional<gi::Named> GazetteerImage::named(gi::Section section, std::string_view code) const {
    const size_t i = partition_point(
        section, [&](size_t k) { return text(entry<gi::Named>(section, k).code) < code; });
    if (i == m_count[section]) return std::nullopt;
    const gi::Named found = entry<gi::Named>(section, i);
    if (text(found.code) != code) return std::nullopt;
    return found;
}

}  // namespace cartoffre::detail
