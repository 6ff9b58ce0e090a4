// The gazetteer: the COG 2026 tables read once, indexed by code, postcode, folded name and
// position, and the resolution of what a person types into a Place.

#include "cartoffre/gazetteer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <regex>
#include <unordered_map>

#include "cartoffre/error.hpp"
#include "detail/csv.hpp"
#include "detail/spatial.hpp"
#include "detail/text.hpp"

namespace cartoffre {

namespace fs = std::filesystem;

struct Gazetteer::Impl {
    std::vector<Commune> communes;
    std::unordered_map<std::string, std::string> departements;  // code -> name
    std::unordered_map<std::string, std::string> departement_regions;
    std::unordered_map<std::string, std::string> regions;
    std::unordered_map<std::string, std::string> epcis;

    // Derived by index(): never saved.
    std::unordered_map<std::string, uint32_t> by_code;
    std::unordered_map<std::string, std::vector<uint32_t>> by_postcode;
    std::unordered_map<std::string, std::vector<uint32_t>> by_name;  // place_key(name)
    std::unordered_map<uint32_t, std::vector<uint32_t>> arrondissements;
    // What only nearest() and complete() need, built at the first call: a command that resolves
    // one place by name does not pay for them when the index opens.
    struct Lookups {
        detail::GeoTree centres;  // of current communes and arrondissements
        // Sorted, for prefix searches (complete()): the name keys, postcodes and INSEE codes of
        // current communes and arrondissements.
        std::vector<std::pair<std::string, uint32_t>> name_keys, postcode_keys, code_keys;
    };
    struct LazyLookups {
        std::once_flag once;
        Lookups built;
    };
    // Shared by copies: it depends only on the tables, which copies share the values of.
    std::shared_ptr<LazyLookups> lazy = std::make_shared<LazyLookups>();
    const Lookups& lookups() const;

    void index();
    Place commune_place(uint32_t c) const;
    Place postcode_place(const std::string& postcode) const;
    std::vector<uint32_t> named(const std::string& key) const;
    std::string label(uint32_t c) const {
        return communes[c].name + " (" + communes[c].departement + ")";
    }
};

namespace {

// The key names are compared by: folded, "st"/"ste" spelt out.
std::string place_key(std::string_view text) {
    std::string key;
    for (auto& w : detail::words(text)) {
        if (!key.empty()) key += ' ';
        key += w == "st" ? "saint" : w == "ste" ? "sainte" : w;
    }
    return key;
}

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    size_t start = 0;
    for (;;) {
        size_t end = text.find(sep, start);
        out.push_back(text.substr(start, end - start));
        if (end == std::string::npos) return out;
        start = end + 1;
    }
}

// The same over views of `text`, into `out` (its storage reused line after line); one empty
// cell for an empty text.
void split_view(std::string_view text, char sep, std::vector<std::string_view>& out) {
    out.clear();
    for (;;) {
        const size_t end = text.find(sep);
        out.push_back(text.substr(0, end));
        if (end == std::string_view::npos) return;
        text.remove_prefix(end + 1);
    }
}

// A number of the saved copy (written by save(): plain decimal), 0 when there is none.
template <class T>
T saved_number(std::string_view text) {
    T value{};
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// Calls f on each entry of a sorted key list whose key starts with `prefix`.
template <class F>
void with_prefix(const std::vector<std::pair<std::string, uint32_t>>& keys,
                 const std::string& prefix, F&& f) {
    auto it = std::lower_bound(keys.begin(), keys.end(), std::make_pair(prefix, uint32_t{0}));
    for (; it != keys.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) f(*it);
}

std::string coordinates_text(LatLon p) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.5f,%.5f", p.lat, p.lon);
    return buffer;
}

}  // namespace

void Gazetteer::Impl::index() {
    by_code.clear();
    by_postcode.clear();
    by_name.clear();
    arrondissements.clear();
    // Sized once: rehashing tens of thousands of string keys showed in every index open.
    by_code.reserve(communes.size());
    by_postcode.reserve(communes.size());
    by_name.reserve(communes.size() + communes.size() / 8);
    for (uint32_t i = 0; i < communes.size(); ++i) {
        // The first current commune keeps a code shared with a delegated one (93066).
        auto [it, fresh] = by_code.emplace(communes[i].code, i);
        if (!fresh && !communes[it->second].is_current() && communes[i].is_current())
            it->second = i;
    }
    for (uint32_t i = 0; i < communes.size(); ++i) {
        Commune& c = communes[i];
        if (c.type == "arrondissement-municipal") {
            auto parent = by_code.find(c.parent);
            if (parent != by_code.end()) {
                arrondissements[parent->second].push_back(i);
                if (c.epci.empty()) c.epci = communes[parent->second].epci;
            }
        }
        if (c.is_current())
            for (auto& p : c.postcodes) by_postcode[p].push_back(i);
        by_name[place_key(c.name)].push_back(i);
        if (c.type == "arrondissement-municipal") {
            // "Paris 11e Arrondissement" is also found as "Paris 11" and "Paris 11e".
            auto words = detail::words(c.name);
            if (words.size() >= 2) {
                std::string number = words[1];
                while (!number.empty() && !isdigit(static_cast<unsigned char>(number.back())))
                    number.pop_back();
                by_name[words[0] + " " + number].push_back(i);
                by_name[words[0] + " " + words[1]].push_back(i);
            }
        }
    }
    for (auto& [key, list] : by_name) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    lazy = std::make_shared<LazyLookups>();
}

const Gazetteer::Impl::Lookups& Gazetteer::Impl::lookups() const {
    std::call_once(lazy->once, [this] {
        Lookups& l = lazy->built;
        std::vector<detail::GeoEntry> entries;
        for (uint32_t i = 0; i < communes.size(); ++i)
            if (communes[i].is_current() && communes[i].centre)
                entries.push_back({{communes[i].centre->lon, communes[i].centre->lat}, i});
        l.centres = detail::GeoTree(entries.begin(), entries.end());
        for (auto& [key, list] : by_name)
            for (uint32_t c : list)
                if (communes[c].is_current()) l.name_keys.emplace_back(key, c);
        for (auto& [postcode, list] : by_postcode)
            for (uint32_t c : list) l.postcode_keys.emplace_back(postcode, c);
        for (uint32_t i = 0; i < communes.size(); ++i)
            if (communes[i].is_current()) l.code_keys.emplace_back(communes[i].code, i);
        for (auto* keys : {&l.name_keys, &l.postcode_keys, &l.code_keys})
            std::sort(keys->begin(), keys->end());
    });
    return lazy->built;
}

// A commune: its own offers always count; distances from its centre. Paris, Lyon and
// Marseille cover their arrondissements.
Place Gazetteer::Impl::commune_place(uint32_t c) const {
    const Commune& commune = communes[c];
    Place place;
    place.kind = Place::Kind::commune;
    place.label = label(c);
    place.communes = {c};
    if (auto a = arrondissements.find(c); a != arrondissements.end())
        place.communes.insert(place.communes.end(), a->second.begin(), a->second.end());
    place.zone_commune = c;
    std::optional<LatLon> centre = commune.centre;
    if (!commune.is_current()) {
        auto parent = by_code.find(commune.parent);
        if (parent != by_code.end() && parent->second != c) {
            place.zone_commune = parent->second;
            if (!centre) centre = communes[parent->second].centre;
            place.notices.push_back(commune.name + " is a former commune, now part of " +
                                    label(parent->second));
        }
    }
    if (centre)
        place.origins = {*centre};
    else
        place.notices.push_back(label(c) +
                                " has no known centre: only offers located in the "
                                "commune are found");
    return place;
}

// A postcode: the union of its communes. Where arrondissements use it (75011), they stand for
// their city.
Place Gazetteer::Impl::postcode_place(const std::string& postcode) const {
    Place place;
    place.kind = Place::Kind::postcode;
    const std::vector<uint32_t>& all = by_postcode.at(postcode);
    std::vector<std::string> parents;
    for (uint32_t c : all)
        if (communes[c].type == "arrondissement-municipal") parents.push_back(communes[c].parent);
    std::string names;
    for (uint32_t c : all) {
        if (std::find(parents.begin(), parents.end(), communes[c].code) != parents.end()) continue;
        place.communes.push_back(c);
        if (communes[c].centre) place.origins.push_back(*communes[c].centre);
        names += (names.empty() ? "" : ", ") + communes[c].name;
    }
    place.label = "code postal " + postcode + " (" + names + ")";
    return place;
}

// Communes whose key is `key`, current communes and arrondissements first; former communes only
// when no current one has that name.
std::vector<uint32_t> Gazetteer::Impl::named(const std::string& key) const {
    auto it = by_name.find(key);
    if (it == by_name.end()) return {};
    std::vector<uint32_t> current, former;
    for (uint32_t c : it->second) (communes[c].is_current() ? current : former).push_back(c);
    if (!current.empty()) return current;
    // A former commune sharing its code with the current one is the same place.
    std::vector<uint32_t> out;
    for (uint32_t c : former)
        if (by_code.at(communes[c].code) == c ||
            communes[by_code.at(communes[c].code)].name != communes[c].name)
            out.push_back(c);
    return out;
}

Gazetteer::Gazetteer() : m_impl(std::make_unique<Impl>()) {}
Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;
Gazetteer::Gazetteer(const Gazetteer& other) : m_impl(std::make_unique<Impl>(*other.m_impl)) {}
Gazetteer& Gazetteer::operator=(const Gazetteer& other) {
    if (this != &other) m_impl = std::make_unique<Impl>(*other.m_impl);
    return *this;
}

Gazetteer Gazetteer::load_csv(const fs::path& dir) {
    Gazetteer g;
    Impl& m = *g.m_impl;
    detail::CsvReader communes(dir / "communes_fr_2026.csv");
    while (communes.next()) {
        Commune c;
        c.code = communes.field("code_insee");
        c.name = communes.field("nom");
        c.type = communes.field("type");
        c.parent = communes.field("chef_lieu");
        c.postcodes = split(communes.field("codes_postaux"), '|');
        c.departement = communes.field("departement");
        c.region = communes.field("region");
        c.epci = communes.field("epci");
        c.population = static_cast<long>(communes.number("population").value_or(0));
        auto lat = communes.number("latitude"), lon = communes.number("longitude");
        if (lat && lon) {
            c.centre = LatLon{*lat, *lon};
            if (!valid(*c.centre)) communes.fail("latitude", "coordinates out of range");
        }
        if (c.code.size() != 5) communes.fail("code_insee", "expected 5 characters");
        m.communes.push_back(std::move(c));
    }
    detail::CsvReader departements(dir / "departements_fr_2026.csv");
    while (departements.next()) {
        m.departements[departements.field("code")] = departements.field("nom");
        m.departement_regions[departements.field("code")] = departements.field("region");
    }
    detail::CsvReader regions(dir / "regions_fr_2026.csv");
    while (regions.next()) m.regions[regions.field("code")] = regions.field("nom");
    detail::CsvReader epcis(dir / "epci_fr_2026.csv");
    while (epcis.next()) m.epcis[epcis.field("code_siren")] = epcis.field("nom");
    m.index();
    return g;
}

// The saved copy: one tab-separated line per record, a letter saying which table.
void Gazetteer::save(const fs::path& file) const {
    std::ofstream out(file, std::ios::binary);
    out << "# cartoffre gazetteer 1\n";
    for (auto& c : m_impl->communes) {
        std::string postcodes;
        for (auto& p : c.postcodes) postcodes += (postcodes.empty() ? "" : "|") + p;
        out << "C\t" << c.code << '\t' << c.name << '\t' << c.type << '\t' << c.parent << '\t'
            << c.departement << '\t' << c.region << '\t' << c.epci << '\t' << postcodes << '\t'
            << c.population << '\t' << (c.centre ? coordinates_text(*c.centre) : "") << '\n';
    }
    for (auto& [code, name] : m_impl->departements)
        out << "D\t" << code << '\t' << name << '\t' << m_impl->departement_regions.at(code)
            << '\n';
    for (auto& [code, name] : m_impl->regions) out << "R\t" << code << '\t' << name << '\n';
    for (auto& [code, name] : m_impl->epcis) out << "E\t" << code << '\t' << name << '\n';
    if (!out.flush()) throw Error("cannot write " + file.string());
}

// Every index open reads this file: it is read whole and cut into views, so that the only
// allocations are the strings kept.
Gazetteer Gazetteer::load(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string text;
    if (in.seekg(0, std::ios::end)) {
        const std::streamoff size = in.tellg();
        text.resize(static_cast<size_t>(std::max<std::streamoff>(size, 0)));
        in.seekg(0).read(text.data(), static_cast<std::streamsize>(text.size()));
    }
    const std::string_view header = "# cartoffre gazetteer 1\n";
    if (!in || std::string_view(text).substr(0, header.size()) != header)
        throw IndexError("cannot read the gazetteer copy " + file.string());
    Gazetteer g;
    Impl& m = *g.m_impl;
    m.communes.reserve(text.size() / 64);  // commune lines are longer: no reallocation
    std::string_view rest = std::string_view(text).substr(header.size());
    std::vector<std::string_view> cells, postcodes;
    for (size_t number = 2; !rest.empty(); ++number) {
        const size_t end = rest.find('\n');
        const std::string_view line = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        split_view(line, '\t', cells);
        const bool ok =
            (cells[0] == "C" && cells.size() == 11) || (cells[0] == "D" && cells.size() == 4) ||
            (cells[0] == "R" && cells.size() == 3) || (cells[0] == "E" && cells.size() == 3);
        if (!ok) throw IndexError(file.string() + ":" + std::to_string(number) + ": bad line");
        if (cells[0] == "C") {
            Commune c{std::string(cells[1]),        std::string(cells[2]),
                      std::string(cells[3]),        std::string(cells[4]),
                      std::string(cells[5]),        std::string(cells[6]),
                      std::string(cells[7]),        {},
                      saved_number<long>(cells[9]), std::nullopt};
            if (!cells[8].empty()) {
                split_view(cells[8], '|', postcodes);
                for (std::string_view p : postcodes) c.postcodes.emplace_back(p);
            }
            if (auto comma = cells[10].find(','); comma != std::string_view::npos)
                c.centre = LatLon{saved_number<double>(cells[10].substr(0, comma)),
                                  saved_number<double>(cells[10].substr(comma + 1))};
            m.communes.push_back(std::move(c));
        } else if (cells[0] == "D") {
            m.departements[std::string(cells[1])] = cells[2];
            m.departement_regions[std::string(cells[1])] = cells[3];
        } else {
            (cells[0] == "R" ? m.regions : m.epcis)[std::string(cells[1])] = cells[2];
        }
    }
    m.index();
    return g;
}

const std::vector<Commune>& Gazetteer::communes() const {
    return m_impl->communes;
}

std::optional<uint32_t> Gazetteer::find_code(std::string_view insee) const {
    auto it = m_impl->by_code.find(std::string(insee));
    if (it == m_impl->by_code.end()) return std::nullopt;
    return it->second;
}

std::vector<uint32_t> Gazetteer::find_postcode(std::string_view postcode) const {
    auto it = m_impl->by_postcode.find(std::string(postcode));
    if (it == m_impl->by_postcode.end()) return {};
    return it->second;
}

std::vector<uint32_t> Gazetteer::arrondissements(uint32_t commune) const {
    auto it = m_impl->arrondissements.find(commune);
    if (it == m_impl->arrondissements.end()) return {};
    return it->second;
}

std::optional<uint32_t> Gazetteer::nearest(LatLon point) const {
    // Degrees are not kilometres: take a few candidates in degree space, keep the truly nearest.
    std::optional<uint32_t> best;
    double best_km = 0;
    const detail::GeoPoint p{point.lon, point.lat};
    const detail::GeoTree& centres = m_impl->lookups().centres;
    for (auto it = centres.qbegin(detail::bgi::nearest(p, 8)); it != centres.qend(); ++it) {
        const double km = distance_km(point, *m_impl->communes[it->second].centre);
        if (!best || km < best_km) best = it->second, best_km = km;
    }
    return best;
}

std::string Gazetteer::departement_name(std::string_view code) const {
    auto it = m_impl->departements.find(std::string(code));
    return it == m_impl->departements.end() ? std::string() : it->second;
}
std::string Gazetteer::region_name(std::string_view code) const {
    auto it = m_impl->regions.find(std::string(code));
    return it == m_impl->regions.end() ? std::string() : it->second;
}
std::string Gazetteer::epci_name(std::string_view siren) const {
    auto it = m_impl->epcis.find(std::string(siren));
    return it == m_impl->epcis.end() ? std::string() : it->second;
}
bool Gazetteer::is_departement(std::string_view code) const {
    return m_impl->departements.count(std::string(code)) > 0;
}
bool Gazetteer::is_epci(std::string_view siren) const {
    return m_impl->epcis.count(std::string(siren)) > 0;
}
bool Gazetteer::is_region(std::string_view code) const {
    return m_impl->regions.count(std::string(code)) > 0;
}
std::vector<std::string> Gazetteer::departements_of_region(std::string_view code) const {
    std::vector<std::string> out;
    for (auto& [d, r] : m_impl->departement_regions)
        if (r == code) out.push_back(d);
    std::sort(out.begin(), out.end());
    return out;
}

Place Gazetteer::resolve(std::string_view typed) const {
    const Impl& m = *m_impl;
    static const std::regex point(
        R"(\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*[,;]\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*)");
    static const std::regex code_form(R"(\s*(insee|cp)\s*:\s*(\S+)\s*)", std::regex::icase);
    static const std::regex five(R"(\s*([0-9]{5}|2[abAB][0-9]{3})\s*)");
    static const std::regex with_departement(R"((.*\S)\s*\(\s*([0-9]{2,3}|2[abAB])\s*\)\s*)");
    const std::string text(typed);
    std::smatch match;

    if (std::regex_match(text, match, point)) {
        LatLon p{std::stod(match[1]), std::stod(match[2])};
        if (!valid(p))
            throw PlaceError("invalid coordinates '" + text +
                             "': latitude must be within -90..90 and longitude within -180..180");
        Place place;
        place.kind = Place::Kind::point;
        place.label = coordinates_text(p);
        place.origins = {p};
        place.zone_commune = nearest(p);
        return place;
    }
    if (std::regex_match(text, match, code_form)) {
        std::string kind = detail::fold(match[1].str()), code = match[2];
        for (auto& ch : code) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
        if (kind == "cp") {
            if (!m.by_postcode.count(code)) throw PlaceError("unknown postcode '" + code + "'");
            return m.postcode_place(code);
        }
        auto c = find_code(code);
        if (!c) throw PlaceError("unknown INSEE code '" + code + "'");
        return m.commune_place(*c);
    }
    if (std::regex_match(text, match, five)) {
        std::string code = match[1];
        for (auto& ch : code) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
        auto commune = find_code(code);
        if (m.by_postcode.count(code)) {
            Place place = m.postcode_place(code);
            if (commune && std::find(place.communes.begin(), place.communes.end(), *commune) ==
                               place.communes.end())
                place.notices.push_back(
                    code + " read as a postcode; it is also the INSEE code of " +
                    m.label(*commune) + ": write insee:" + code + " for that commune");
            return place;
        }
        if (!commune) throw PlaceError("unknown postcode or INSEE code '" + code + "'");
        return m.commune_place(*commune);
    }

    std::string name = text, departement;
    if (std::regex_match(text, match, with_departement)) {
        name = match[1];
        departement = match[2];
        for (auto& ch : departement)
            ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
        if (!is_departement(departement))
            throw PlaceError("unknown département '" + departement + "' in '" + text + "'");
    }
    const std::string key = place_key(name);
    if (key.empty()) throw PlaceError("empty place");
    std::vector<uint32_t> candidates = m.named(key);
    if (!departement.empty())
        candidates.erase(
            std::remove_if(candidates.begin(), candidates.end(),
                           [&](uint32_t c) { return m.communes[c].departement != departement; }),
            candidates.end());
    if (candidates.size() == 1) return m.commune_place(candidates[0]);
    if (candidates.empty()) {
        std::string message = "unknown place '" + text + "'";
        auto close = suggest(departement.empty() ? name : name + " (" + departement + ")");
        if (!close.empty()) message += ": did you mean \"" + close[0] + "\"?";
        for (size_t i = 1; i < close.size(); ++i)
            message += (i == 1 ? " or " : ", ") + ("\"" + close[i] + "\"");
        throw PlaceError(message);
    }
    std::sort(candidates.begin(), candidates.end(), [&](uint32_t a, uint32_t b) {
        return m.communes[a].departement < m.communes[b].departement;
    });
    std::string list;
    bool same_departement = false;
    for (size_t i = 0; i < candidates.size(); ++i) {
        if (i && m.communes[candidates[i]].departement == m.communes[candidates[i - 1]].departement)
            same_departement = true;
        list += (i ? ", " : "") + m.label(candidates[i]);
    }
    std::string message = "ambiguous place '" + text + "': " + list + "; ";
    if (same_departement) {
        message += "several share a département, give the INSEE code:";
        for (uint32_t c : candidates) message += " insee:" + m.communes[c].code;
    } else {
        const uint32_t largest =
            *std::max_element(candidates.begin(), candidates.end(), [&](uint32_t a, uint32_t b) {
                return m.communes[a].population < m.communes[b].population;
            });
        message += "add the département, e.g. \"" + m.label(largest) + "\"";
    }
    throw PlaceError(message);
}

std::vector<std::string> Gazetteer::suggest(std::string_view text, size_t max) const {
    const Impl& m = *m_impl;
    std::string name(text), departement;
    static const std::regex with_departement(R"((.*\S)\s*\(\s*(\w{2,3})\s*\)\s*)");
    std::smatch match;
    if (std::regex_match(name, match, with_departement)) {
        departement = match[2];
        name = match[1];
    }
    const std::string key = place_key(name);
    struct Candidate {
        size_t distance;
        long population;
        uint32_t commune;
    };
    std::vector<Candidate> found;
    const size_t tolerance = std::max<size_t>(1, std::min<size_t>(3, key.size() / 4));
    for (auto& [candidate, communes] : m.by_name) {
        if (candidate.size() + tolerance < key.size() || key.size() + tolerance < candidate.size())
            continue;
        const size_t d = edit_distance(key, candidate);
        if (d > tolerance) continue;
        for (uint32_t c : communes) {
            const Commune& commune = m.communes[c];
            if (commune.is_current() && (departement.empty() || commune.departement == departement))
                found.push_back({d, commune.population, c});
        }
    }
    std::sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
        if (a.distance != b.distance) return a.distance < b.distance;
        if (a.population != b.population) return a.population > b.population;
        return a.commune < b.commune;
    });
    std::vector<std::string> out;
    for (size_t i = 0; i < found.size() && out.size() < max; ++i) {
        std::string label = m.label(found[i].commune);
        if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(std::move(label));
    }
    return out;
}

std::vector<PlaceCompletion> Gazetteer::complete(std::string_view typed, size_t max) const {
    const Impl& m = *m_impl;
    std::string text(typed), departement;
    if (auto paren = text.find('('); paren != std::string::npos) {
        for (char ch : text.substr(paren + 1))
            if (isalnum(static_cast<unsigned char>(ch)))
                departement += static_cast<char>(toupper(static_cast<unsigned char>(ch)));
        text.resize(paren);
    }
    // commune -> the postcode that matched, or empty when its name or code did.
    std::unordered_map<uint32_t, std::string> found;
    const std::string folded = detail::fold(text);
    static const std::regex code_start(R"([0-9]{1,5}|2[ab][0-9]{0,3})");
    if (std::regex_match(folded, code_start)) {
        std::string code = folded;
        for (auto& ch : code) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
        // Postcodes first, as resolve() reads five digits; Paris, Lyon and Marseille through
        // their arrondissements, as there. INSEE codes when no postcode starts so.
        with_prefix(m.lookups().postcode_keys, code, [&](auto& e) {
            if (!m.arrondissements.count(e.second)) found.emplace(e.second, e.first);
        });
        if (found.empty())
            with_prefix(m.lookups().code_keys, code, [&](auto& e) { found.emplace(e.second, ""); });
    } else if (!folded.empty()) {
        std::vector<std::string> keys{place_key(text)};
        // A last "st" being typed may still become Strasbourg or Stains, not only Saint-.
        const std::vector<std::string> words = detail::words(text);
        if (words.back() == "st" || words.back() == "ste") {
            std::string literal;
            for (auto& w : words) literal += (literal.empty() ? "" : " ") + w;
            keys.push_back(literal);
        }
        for (auto& key : keys)
            with_prefix(m.lookups().name_keys, key, [&](auto& e) { found.emplace(e.second, ""); });
    }
    std::vector<uint32_t> order;
    for (auto& [c, postcode] : found)
        if (m.communes[c].departement.compare(0, departement.size(), departement) == 0)
            order.push_back(c);
    const size_t shown = std::min(max, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown),
                      order.end(), [&](uint32_t a, uint32_t b) {
                          if (m.communes[a].population != m.communes[b].population)
                              return m.communes[a].population > m.communes[b].population;
                          return m.communes[a].code < m.communes[b].code;
                      });
    std::vector<PlaceCompletion> out;
    for (size_t i = 0; i < shown; ++i) {
        const uint32_t c = order[i];
        const Commune& commune = m.communes[c];
        PlaceCompletion p{c, m.label(c), m.label(c), found[c]};
        size_t namesakes = 0;
        for (uint32_t other : m.named(place_key(commune.name)))
            namesakes += m.communes[other].departement == commune.departement;
        if (namesakes != 1) p.place = "insee:" + commune.code;
        out.push_back(std::move(p));
    }
    return out;
}

fs::path shared_data_dir() {
    if (const char* env = std::getenv("CARTOFFRE_SHARED_DATA"); env && *env) return env;
    return CARTOFFRE_SHARED_DATA;
}

}  // namespace cartoffre
