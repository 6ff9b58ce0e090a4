// Writing and reading the gazetteer's binary image (layout in gazetteer_image.hpp).

#include "geo/gazetteer_image.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <unordered_map>

#include "cartoffre/error.hpp"
#include "text/text.hpp"

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

// The string pool. Texts repeated across communes (types, départements, EPCIs, postcodes) are
// stored once; keys of a sorted array once for each run of equal keys.
class PoolWriter {
  public:
    PoolWriter() { m_interned.reserve(1 << 15); }
    gi::Ref store(std::string_view text) {
        if (m_pool.size() + text.size() > UINT32_MAX)
            throw Error("image de géographie : textes de plus de 4 Go");
        const gi::Ref ref{static_cast<uint32_t>(m_pool.size()), static_cast<uint32_t>(text.size())};
        m_pool += text;
        return ref;
    }
    gi::Ref intern(const std::string& text) {
        if (auto it = m_interned.find(text); it != m_interned.end()) return it->second;
        return m_interned.emplace(text, store(text)).first->second;
    }
    // Rows come in code order: a field often repeats the row before's (same type, département).
    struct Last {
        std::string_view text;
        gi::Ref ref;
        bool set = false;
    };
    gi::Ref intern(const std::string& text, Last& last) {
        if (!last.set || last.text != text) last = {text, intern(text), true};
        return last.ref;
    }
    gi::Ref key(std::string_view text) {
        if (!m_last_key.set || text != m_last_key.text) m_last_key = {text, store(text), true};
        return m_last_key.ref;
    }
    const std::string& pool() const { return m_pool; }

  private:
    std::string m_pool;
    std::unordered_map<std::string, gi::Ref> m_interned;
    Last m_last_key;
};

template <class T>
void append(std::string& out, const T& value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// An entry of a sorted array: its key a view into the rows or into key storage that outlives
// it. Sorting compares the first 8 bytes as one number first: most comparisons end there.
struct KeyedRow {
    uint64_t prefix;
    std::string_view key;
    uint32_t commune;
    KeyedRow(std::string_view k, uint32_t c) : prefix(0), key(k), commune(c) {
        for (size_t i = 0; i < 8; ++i)
            prefix = prefix << 8 | (i < k.size() ? static_cast<unsigned char>(k[i]) : 0u);
    }
    bool operator<(const KeyedRow& o) const {
        if (prefix != o.prefix) return prefix < o.prefix;
        if (const int c = key.compare(o.key)) return c < 0;
        return commune < o.commune;
    }
    bool operator==(const KeyedRow& o) const { return commune == o.commune && key == o.key; }
};
using KeyedRows = std::vector<KeyedRow>;

void sort_unique(KeyedRows& rows) {
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
}

bool is_current_type(const std::string& type) {
    return type == "commune-actuelle" || type == "arrondissement-municipal";
}

}  // namespace

std::string write_gazetteer_image(const GazetteerTables& tables) {
    const std::vector<CommuneRow>& rows = tables.communes;
    const auto n = static_cast<uint32_t>(rows.size());

    std::vector<bool> is_current(n);
    for (uint32_t i = 0; i < n; ++i) is_current[i] = is_current_type(rows[i].type);
    // The first current commune keeps a code shared with a delegated one (93066).
    KeyedRows by_code;
    {
        KeyedRows all;
        all.reserve(n);
        for (uint32_t i = 0; i < n; ++i) all.emplace_back(rows[i].code, i);
        std::sort(all.begin(), all.end());
        for (size_t first = 0, last; first < all.size(); first = last) {
            last = first;
            uint32_t holder = all[first].commune;
            bool current = false;
            for (; last < all.size() && all[last].key == all[first].key; ++last)
                if (!current && is_current[all[last].commune])
                    holder = all[last].commune, current = true;
            by_code.emplace_back(all[first].key, holder);
        }
    }
    auto find_code = [&](std::string_view code) -> std::optional<uint32_t> {
        auto it = std::lower_bound(by_code.begin(), by_code.end(), KeyedRow(code, 0));
        if (it == by_code.end() || it->key != code) return std::nullopt;
        return it->commune;
    };
    // Arrondissements of each city, and the EPCI they inherit from it.
    std::vector<std::vector<uint32_t>> arrondissements(n);
    std::vector<const std::string*> epci(n);
    for (uint32_t i = 0; i < n; ++i) epci[i] = &rows[i].epci;
    for (uint32_t i = 0; i < n; ++i) {
        if (rows[i].type != "arrondissement-municipal") continue;
        const auto parent = find_code(rows[i].parent);
        if (!parent) continue;
        arrondissements[*parent].push_back(i);
        if (epci[i]->empty()) epci[i] = &rows[*parent].epci;
    }
    std::deque<std::string> keys;  // by_name's views point here: a deque does not move them
    KeyedRows by_postcode, by_name;
    by_postcode.reserve(n + n / 4);
    by_name.reserve(n + n / 64);
    for (uint32_t i = 0; i < n; ++i) {
        const CommuneRow& c = rows[i];
        if (is_current[i])
            for (auto& p : c.postcodes) by_postcode.emplace_back(p, i);
        by_name.emplace_back(keys.emplace_back(place_key(c.name)), i);
        if (c.type == "arrondissement-municipal") {
            // "Paris 11e Arrondissement" is also found as "Paris 11" and "Paris 11e".
            auto w = words(c.name);
            if (w.size() >= 2) {
                std::string number = w[1];
                while (!number.empty() && !isdigit(static_cast<unsigned char>(number.back())))
                    number.pop_back();
                by_name.emplace_back(keys.emplace_back(w[0] + " " + number), i);
                by_name.emplace_back(keys.emplace_back(w[0] + " " + w[1]), i);
            }
        }
    }
    sort_unique(by_postcode);
    sort_unique(by_name);

    // Sections go into the image one after the other, the pool last (it fills as they are
    // written); the header, written first, is completed at the end.
    std::string image;
    image.reserve(sizeof(gi::Header) + n * (sizeof(gi::Record) + 3 * sizeof(gi::Keyed) + 64));
    gi::Header header;
    append(image, header);
    auto begin_section = [&](gi::Section s) { header.sections[s].offset = image.size(); };
    auto end_section = [&](gi::Section s) {
        header.sections[s].size = image.size() - header.sections[s].offset;
        image.resize((image.size() + 7) / 8 * 8, '\0');
    };
    PoolWriter pool;
    PoolWriter::Last type, parent, departement, region, epci_last;
    std::vector<gi::Ref> code_refs(n);
    uint32_t arrondissement_count = 0;
    begin_section(gi::communes);
    std::string packed;
    for (uint32_t i = 0; i < n; ++i) {
        const CommuneRow& c = rows[i];
        gi::Record r;
        packed.clear();
        for (auto& p : c.postcodes) packed += p;
        r.code = code_refs[i] = pool.store(c.code);
        r.name = pool.store(c.name);
        r.type = pool.intern(c.type, type);
        r.parent = pool.intern(c.parent, parent);
        r.departement = pool.intern(c.departement, departement);
        r.region = pool.intern(c.region, region);
        r.epci = pool.intern(*epci[i], epci_last);
        r.postcodes = pool.intern(packed);
        r.population = c.population;
        if (c.centre) {
            r.lat = c.centre->lat;
            r.lon = c.centre->lon;
            r.flags |= gi::has_centre;
        }
        if (is_current[i]) r.flags |= gi::current;
        if (c.type == "arrondissement-municipal") r.flags |= gi::arrondissement;
        r.arrondissements_begin = arrondissement_count;
        r.arrondissements_count = static_cast<uint32_t>(arrondissements[i].size());
        arrondissement_count += r.arrondissements_count;
        append(image, r);
    }
    end_section(gi::communes);
    begin_section(gi::arrondissements);
    for (auto& list : arrondissements)
        for (uint32_t a : list) append(image, a);
    end_section(gi::arrondissements);
    begin_section(gi::by_code);
    for (auto& e : by_code) append(image, gi::Keyed{code_refs[e.commune], e.commune});
    end_section(gi::by_code);
    begin_section(gi::by_postcode);
    for (auto& e : by_postcode) append(image, gi::Keyed{pool.key(e.key), e.commune});
    end_section(gi::by_postcode);
    begin_section(gi::by_name);
    for (auto& e : by_name) append(image, gi::Keyed{pool.key(e.key), e.commune});
    end_section(gi::by_name);
    begin_section(gi::departements);
    for (auto& [code, d] : tables.departements)
        append(image, gi::Named{pool.intern(code), pool.intern(d.first), pool.intern(d.second)});
    end_section(gi::departements);
    begin_section(gi::regions);
    for (auto& [code, name] : tables.regions)
        append(image, gi::Named{pool.intern(code), pool.intern(name), {}});
    end_section(gi::regions);
    begin_section(gi::epcis);
    for (auto& [code, name] : tables.epcis)
        append(image, gi::Named{pool.intern(code), pool.intern(name), {}});
    end_section(gi::epcis);
    begin_section(gi::pool);
    image += pool.pool();
    end_section(gi::pool);

    std::memcpy(header.magic, gi::magic, sizeof header.magic);
    header.version = gi::version;
    header.communes = n;
    header.total_size = image.size();
    std::memcpy(image.data(), &header, sizeof header);
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
    "des textes",          "des communes",     "des codes",   "des codes postaux", "des noms",
    "des arrondissements", "des départements", "des régions", "des EPCI"};

}  // namespace

GazetteerImage::GazetteerImage(std::string_view bytes, std::string file)
    : m_bytes(bytes), m_file(std::move(file)) {
    gi::Header header;
    if (bytes.size() < sizeof header)
        fail("tronquée : " + std::to_string(bytes.size()) + " octets, moins que son en-tête");
    std::memcpy(&header, bytes.data(), sizeof header);
    if (std::memcmp(header.magic, gi::magic, sizeof header.magic) != 0)
        fail("ce n'est pas une image de géographie de cartoffre (signature inconnue)");
    if (header.version != gi::version)
        fail("image de version " + std::to_string(header.version) +
             ", ce programme lit la version " + std::to_string(gi::version) +
             " : reconstruire l'index");
    if (header.total_size != bytes.size())
        fail("tronquée ou abîmée : son en-tête annonce " + std::to_string(header.total_size) +
             " octets, le fichier en a " + std::to_string(bytes.size()));
    for (uint32_t s = 0; s < gi::section_count; ++s) {
        const gi::SectionRef& ref = header.sections[s];
        if (ref.offset < sizeof header || ref.offset > bytes.size() ||
            ref.size > bytes.size() - ref.offset)
            fail(std::string("la section ") + section_name[s] + " sort du fichier");
        if (ref.size % element_size[s] != 0)
            fail(std::string("la section ") + section_name[s] + " ne compte pas un nombre entier " +
                 "d'entrées");
        m_offset[s] = ref.offset;
        m_count[s] = ref.size / element_size[s];
    }
    if (m_count[gi::pool] > UINT32_MAX) fail("textes de plus de 4 Go");
    if (m_count[gi::communes] != header.communes)
        fail("son en-tête compte " + std::to_string(header.communes) + " communes, sa table " +
             std::to_string(m_count[gi::communes]));
    m_communes = header.communes;
}

void GazetteerImage::fail(const std::string& what) const {
    throw IndexError("image de géographie " + m_file + " abîmée : " + what);
}

gi::Record GazetteerImage::record(uint32_t commune) const {
    if (commune >= m_communes)
        fail("commune " + std::to_string(commune) + " hors limites (" + std::to_string(m_communes) +
             " communes)");
    const gi::Record r = entry<gi::Record>(gi::communes, commune);
    // What a damaged record could make the readers misuse: a range read element by element, and
    // a centre the tree of centres would take.
    if (uint64_t{r.arrondissements_begin} + r.arrondissements_count > m_count[gi::arrondissements])
        fail("les arrondissements de la commune " + std::to_string(commune) + " sont hors limites");
    if ((r.flags & gi::has_centre) && !valid(LatLon{r.lat, r.lon}))
        fail("la commune " + std::to_string(commune) + " a un centre invalide");
    return r;
}

std::string_view GazetteerImage::text(gi::Ref ref) const {
    const uint64_t pool = m_count[gi::pool];
    if (ref.offset > pool || ref.size > pool - ref.offset) fail("référence de texte hors limites");
    return m_bytes.substr(m_offset[gi::pool] + ref.offset, ref.size);
}

uint32_t GazetteerImage::keyed_commune(gi::Section section, size_t i) const {
    const uint32_t c = entry<gi::Keyed>(section, i).commune;
    if (c >= m_communes)
        fail(std::string("une commune de la section ") + section_name[section] +
             " est hors limites");
    return c;
}

uint32_t GazetteerImage::arrondissement(uint32_t i) const {
    if (i >= m_count[gi::arrondissements]) fail("plage d'arrondissements hors limites");
    uint32_t c;
    std::memcpy(&c, m_bytes.data() + m_offset[gi::arrondissements] + i * sizeof c, sizeof c);
    if (c >= m_communes) fail("un arrondissement est hors limites");
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
