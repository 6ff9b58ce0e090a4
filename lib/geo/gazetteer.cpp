// The gazetteer: the COG 2026 tables as one image (detail/gazetteer_image.hpp), mapped from an
// index or built from the CSVs, and the resolution of what a person types into a Place.

#include "cartoffre/gazetteer.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <unordered_map>

#include "cartoffre/error.hpp"
#include "detail/csv.hpp"
#include "detail/files.hpp"
#include "detail/mapped_file.hpp"
#include "geo/gazetteer_image.hpp"
#include "geo/gazetteer_impl.hpp"
#include "geo/place_text.hpp"
#include "geo/spatial.hpp"
#include "text/text.hpp"

namespace cartoffre {

namespace fs = std::filesystem;

namespace {

using detail::place_key;

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

std::string coordinates_text(LatLon p) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.5f,%.5f", p.lat, p.lon);
    return buffer;
}

}  // namespace

std::shared_ptr<const Gazetteer::Impl> Gazetteer::Impl::of_bytes(std::string image,
                                                                 std::string name) {
    auto impl = std::make_shared<Impl>();
    impl->owned = std::move(image);
    impl->bytes = impl->owned;
    impl->image = detail::GazetteerImage(impl->bytes, std::move(name));
    return impl;
}

std::shared_ptr<const Gazetteer::Impl> Gazetteer::Impl::of_file(const fs::path& file) {
    auto impl = std::make_shared<Impl>();
    impl->mapped = detail::MappedFile(file);
    impl->bytes = impl->mapped.view();
    impl->image = detail::GazetteerImage(impl->bytes, file.string());
    return impl;
}

Commune Gazetteer::Impl::commune(uint32_t c) const {
    const gi::Record r = image.record(c);
    Commune out;
    out.code = image.text(r.code);
    out.name = image.text(r.name);
    out.type = image.text(r.type);
    out.parent = image.text(r.parent);
    out.departement = image.text(r.departement);
    out.region = image.text(r.region);
    out.epci = image.text(r.epci);
    out.postcode_codes = image.text(r.postcodes);
    out.population = static_cast<long>(r.population);
    if (r.flags & gi::has_centre) out.centre = LatLon{r.lat, r.lon};
    return out;
}

std::optional<uint32_t> Gazetteer::Impl::find_code(std::string_view code) const {
    auto [first, last] = image.equal_range(gi::by_code, code);
    if (first == last) return std::nullopt;
    return image.keyed_commune(gi::by_code, first);
}

std::vector<uint32_t> Gazetteer::Impl::keyed(gi::Section section, std::string_view key) const {
    auto [first, last] = image.equal_range(section, key);
    std::vector<uint32_t> out;
    out.reserve(last - first);
    for (size_t i = first; i < last; ++i) out.push_back(image.keyed_commune(section, i));
    return out;
}

std::vector<uint32_t> Gazetteer::Impl::arrondissements(uint32_t c) const {
    const gi::Record r = image.record(c);
    std::vector<uint32_t> out;
    out.reserve(r.arrondissements_count);
    for (uint32_t i = 0; i < r.arrondissements_count; ++i)
        out.push_back(image.arrondissement(r.arrondissements_begin + i));
    return out;
}

const detail::GeoTree& Gazetteer::Impl::centre_tree() const {
    std::call_once(centres_once, [this] {
        std::vector<detail::GeoEntry> entries;
        for (uint32_t i = 0; i < image.size(); ++i) {
            const gi::Record r = image.record(i);
            if ((r.flags & gi::current) && (r.flags & gi::has_centre))
                entries.push_back({{r.lon, r.lat}, i});
        }
        centres = detail::GeoTree(entries.begin(), entries.end());
    });
    return centres;
}

// A commune: its own offers always count; distances from its centre. Paris, Lyon and
// Marseille cover their arrondissements.
Place Gazetteer::Impl::commune_place(uint32_t c) const {
    const Commune commune = this->commune(c);
    Place place;
    place.kind = Place::Kind::commune;
    place.label = label(c);
    place.communes = {c};
    for (uint32_t a : arrondissements(c)) place.communes.push_back(a);
    place.zone_commune = c;
    std::optional<LatLon> centre = commune.centre;
    if (!commune.is_current()) {
        auto parent = find_code(commune.parent);
        if (parent && *parent != c) {
            place.zone_commune = *parent;
            if (!centre) centre = this->commune(*parent).centre;
            place.notices.push_back(std::string(commune.name) +
                                    " est une ancienne commune, aujourd'hui dans " +
                                    label(*parent));
        }
    }
    if (centre)
        place.origins = {*centre};
    else
        place.notices.push_back(label(c) +
                                " n'a pas de centre connu : seules les offres situées dans la "
                                "commune sont trouvées");
    return place;
}

// A postcode: the union of its communes. Where arrondissements use it (75011), they stand for
// their city.
Place Gazetteer::Impl::postcode_place(std::string_view postcode) const {
    Place place;
    place.kind = Place::Kind::postcode;
    const std::vector<uint32_t> all = keyed(gi::by_postcode, postcode);
    std::vector<std::string_view> parents;
    for (uint32_t c : all)
        if (image.record(c).flags & gi::arrondissement) parents.push_back(commune(c).parent);
    std::string names;
    for (uint32_t c : all) {
        const Commune commune = this->commune(c);
        if (std::find(parents.begin(), parents.end(), commune.code) != parents.end()) continue;
        place.communes.push_back(c);
        if (commune.centre) place.origins.push_back(*commune.centre);
        names += (names.empty() ? "" : ", ") + std::string(commune.name);
    }
    place.label = "code postal " + std::string(postcode) + " (" + names + ")";
    return place;
}

// Communes whose key is `key`, current communes and arrondissements first; former communes only
// when no current one has that name.
std::vector<uint32_t> Gazetteer::Impl::named(std::string_view key) const {
    std::vector<uint32_t> current, former;
    for (uint32_t c : keyed(gi::by_name, key)) (this->current(c) ? current : former).push_back(c);
    if (!current.empty()) return current;
    // A former commune sharing its code with the current one is the same place.
    std::vector<uint32_t> out;
    for (uint32_t c : former) {
        const Commune commune = this->commune(c);
        const std::optional<uint32_t> holder = find_code(commune.code);
        if (!holder || *holder == c || this->commune(*holder).name != commune.name)
            out.push_back(c);
    }
    return out;
}

std::vector<std::string_view> Commune::postcodes() const {
    std::vector<std::string_view> out;
    out.reserve(postcode_count());
    for (size_t i = 0; i < postcode_count(); ++i) out.push_back(postcode(i));
    return out;
}

Gazetteer::Gazetteer() {
    static const std::shared_ptr<const Impl> empty =
        Impl::of_bytes(detail::write_gazetteer_image({}), "(empty gazetteer)");
    m_impl = empty;
}
Gazetteer::~Gazetteer() = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;
Gazetteer::Gazetteer(const Gazetteer&) = default;
Gazetteer& Gazetteer::operator=(const Gazetteer&) = default;

Gazetteer Gazetteer::load_csv(const fs::path& dir) {
    detail::GazetteerTables tables;
    tables.communes.reserve(40000);  // the COG 2026 has 37,590 rows: no reallocation
    detail::CsvReader communes(dir / "communes_fr_2026.csv");
    while (communes.next()) {
        detail::CommuneRow c;
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
            if (!valid(*c.centre)) communes.fail("latitude", "coordonnées hors limites");
        }
        if (c.code.size() != 5) communes.fail("code_insee", "5 caractères attendus");
        for (auto& p : c.postcodes)
            if (p.size() != 5)
                communes.fail("codes_postaux", "codes postaux de 5 caractères attendus");
        tables.communes.push_back(std::move(c));
    }
    detail::CsvReader departements(dir / "departements_fr_2026.csv");
    while (departements.next())
        tables.departements[departements.field("code")] = {departements.field("nom"),
                                                           departements.field("region")};
    detail::CsvReader regions(dir / "regions_fr_2026.csv");
    while (regions.next()) tables.regions[regions.field("code")] = regions.field("nom");
    detail::CsvReader epcis(dir / "epci_fr_2026.csv");
    while (epcis.next()) tables.epcis[epcis.field("code_siren")] = epcis.field("nom");
    Gazetteer g;
    g.m_impl = Impl::of_bytes(detail::write_gazetteer_image(tables), "built from " + dir.string());
    return g;
}

void Gazetteer::save(const fs::path& file) const {
    // detail::write_file: a failure (a full disk) names the file and the system's reason.
    detail::write_file(file, std::string_view(m_impl->bytes.data(), m_impl->bytes.size()));
}

Gazetteer Gazetteer::load(const fs::path& file) {
    Gazetteer g;
    g.m_impl = Impl::of_file(file);
    return g;
}

uint32_t Gazetteer::size() const {
    return m_impl->image.size();
}

Commune Gazetteer::commune(uint32_t index) const {
    if (index >= m_impl->image.size())
        throw std::out_of_range("commune " + std::to_string(index) + " of a gazetteer of " +
                                std::to_string(m_impl->image.size()));
    return m_impl->commune(index);
}

std::optional<uint32_t> Gazetteer::find_code(std::string_view insee) const {
    return m_impl->find_code(insee);
}

std::vector<uint32_t> Gazetteer::find_postcode(std::string_view postcode) const {
    return m_impl->keyed(gi::by_postcode, postcode);
}

std::vector<uint32_t> Gazetteer::arrondissements(uint32_t commune) const {
    return m_impl->arrondissements(commune);
}

std::optional<uint32_t> Gazetteer::nearest(LatLon point) const {
    // Degrees are not kilometres: take a few candidates in degree space, keep the truly nearest.
    std::optional<uint32_t> best;
    double best_km = 0;
    const detail::GeoPoint p{point.lon, point.lat};
    const detail::GeoTree& centres = m_impl->centre_tree();
    for (auto it = centres.qbegin(detail::bgi::nearest(p, 8)); it != centres.qend(); ++it) {
        const gi::Record r = m_impl->image.record(it->second);
        const double km = distance_km(point, LatLon{r.lat, r.lon});
        if (!best || km < best_km) best = it->second, best_km = km;
    }
    return best;
}

std::string Gazetteer::departement_name(std::string_view code) const {
    auto d = m_impl->image.named(gi::departements, code);
    return d ? std::string(m_impl->image.text(d->name)) : std::string();
}
std::string Gazetteer::region_name(std::string_view code) const {
    auto r = m_impl->image.named(gi::regions, code);
    return r ? std::string(m_impl->image.text(r->name)) : std::string();
}
std::string Gazetteer::epci_name(std::string_view siren) const {
    auto e = m_impl->image.named(gi::epcis, siren);
    return e ? std::string(m_impl->image.text(e->name)) : std::string();
}
bool Gazetteer::is_departement(std::string_view code) const {
    return m_impl->image.named(gi::departements, code).has_value();
}
bool Gazetteer::is_epci(std::string_view siren) const {
    return m_impl->image.named(gi::epcis, siren).has_value();
}
bool Gazetteer::is_region(std::string_view code) const {
    return m_impl->image.named(gi::regions, code).has_value();
}
std::vector<std::string> Gazetteer::departements_of_region(std::string_view code) const {
    const detail::GazetteerImage& image = m_impl->image;
    std::vector<std::string> out;  // in code order, as the section is
    for (size_t i = 0; i < image.count(gi::departements); ++i) {
        const gi::Named d = image.entry<gi::Named>(gi::departements, i);
        if (image.text(d.region) == code) out.emplace_back(image.text(d.code));
    }
    return out;
}

Place Gazetteer::resolve(std::string_view typed) const {
    const Impl& m = *m_impl;
    // Longer texts are refused before any parsing: no name is that long, and every step after
    // (suggestions measure edit distances) grows with the length.
    if (const size_t length = detail::character_count(typed); length > detail::max_place_characters)
        throw PlaceError("lieu trop long (" + std::to_string(length) + " caractères, " +
                         std::to_string(detail::max_place_characters) + " au plus)");
    const std::string text(typed);

    if (const auto point = detail::match_point(text)) {
        // At most 200 characters: always within a double's range.
        LatLon p{std::strtod(point->latitude.c_str(), nullptr),
                 std::strtod(point->longitude.c_str(), nullptr)};
        if (!valid(p))
            throw PlaceError("coordonnées invalides « " + text +
                             " » : la latitude va de -90 à 90 et la longitude de -180 à 180");
        Place place;
        place.kind = Place::Kind::point;
        place.label = coordinates_text(p);
        place.origins = {p};
        place.zone_commune = nearest(p);
        return place;
    }
    if (auto form = detail::match_code_form(text)) {
        const std::string& kind = form->kind;
        std::string& code = form->code;
        for (auto& ch : code) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
        if (kind == "cp") {
            if (find_postcode(code).empty())
                throw PlaceError("code postal inconnu « " + code + " »");
            return m.postcode_place(code);
        }
        auto c = find_code(code);
        if (!c) throw PlaceError("code INSEE inconnu « " + code + " »");
        return m.commune_place(*c);
    }
    if (auto five = detail::match_five(text)) {
        std::string& code = *five;
        for (auto& ch : code) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
        auto commune = find_code(code);
        if (!find_postcode(code).empty()) {
            Place place = m.postcode_place(code);
            if (commune && std::find(place.communes.begin(), place.communes.end(), *commune) ==
                               place.communes.end())
                place.notices.push_back(
                    code + " lu comme un code postal ; c'est aussi le code INSEE de " +
                    m.label(*commune) + " : écrire insee:" + code + " pour cette commune");
            return place;
        }
        if (!commune) throw PlaceError("code postal ou code INSEE inconnu « " + code + " »");
        return m.commune_place(*commune);
    }

    return m.named_place(text, *this);
}

std::vector<std::string> Gazetteer::suggest(std::string_view text, size_t max) const {
    const Impl& m = *m_impl;
    if (detail::character_count(text) > detail::max_place_characters) return {};
    std::string name(text), departement;
    if (auto named = detail::match_with_departement(text, true)) {
        departement = std::move(named->departement);
        name = std::move(named->name);
    }
    const std::string key = place_key(name);
    struct Candidate {
        size_t distance;
        long population;
        uint32_t commune;
    };
    std::vector<Candidate> found;
    const size_t tolerance = std::max<size_t>(1, std::min<size_t>(3, key.size() / 4));
    // The names section is sorted by key: each distinct key is measured once.
    const detail::GazetteerImage& image = m.image;
    std::string_view measured;
    size_t distance = 0;
    for (size_t i = 0; i < image.count(gi::by_name); ++i) {
        const std::string_view candidate = image.text(image.entry<gi::Keyed>(gi::by_name, i).key);
        if (i == 0 || candidate != measured) {
            measured = candidate;
            const bool near_length = candidate.size() + tolerance >= key.size() &&
                                     key.size() + tolerance >= candidate.size();
            distance =
                near_length ? detail::edit_distance(key, candidate, tolerance) : tolerance + 1;
        }
        if (distance > tolerance) continue;
        const uint32_t c = image.keyed_commune(gi::by_name, i);
        const Commune commune = m.commune(c);
        if (commune.is_current() && (departement.empty() || commune.departement == departement))
            found.push_back({distance, commune.population, c});
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
    // No commune starts with a text this long.
    if (detail::character_count(typed) > detail::max_place_characters) return {};
    std::string text(typed), departement;
    if (auto paren = text.find('('); paren != std::string::npos) {
        for (char ch : text.substr(paren + 1))
            if (isalnum(static_cast<unsigned char>(ch)))
                departement += static_cast<char>(toupper(static_cast<unsigned char>(ch)));
        text.resize(paren);
    }
    // commune -> the postcode that matched, or empty when its name or code did.
    std::unordered_map<uint32_t, std::string> found;
    const detail::GazetteerImage& image = m.image;
    const std::string folded = detail::fold(text);
    if (detail::is_code_start(folded)) {
        std::string code = folded;
        for (auto& ch : code) ch = static_cast<char>(toupper(static_cast<unsigned char>(ch)));
        // Postcodes first, as resolve() reads five digits; Paris, Lyon and Marseille through
        // their arrondissements, as there. INSEE codes when no postcode starts so.
        auto [first, last] = image.prefix_range(gi::by_postcode, code);
        for (size_t i = first; i < last; ++i) {
            const uint32_t c = image.keyed_commune(gi::by_postcode, i);
            if (image.record(c).arrondissements_count == 0)
                found.emplace(c, image.text(image.entry<gi::Keyed>(gi::by_postcode, i).key));
        }
        if (found.empty()) {
            std::tie(first, last) = image.prefix_range(gi::by_code, code);
            for (size_t i = first; i < last; ++i)
                if (const uint32_t c = image.keyed_commune(gi::by_code, i); m.current(c))
                    found.emplace(c, "");
        }
    } else if (!folded.empty()) {
        std::vector<std::string> keys{place_key(text)};
        // A last "st" being typed may still become Strasbourg or Stains, not only Saint-.
        const std::vector<std::string> words = detail::words(text);
        if (words.back() == "st" || words.back() == "ste") {
            std::string literal;
            for (auto& w : words) literal += (literal.empty() ? "" : " ") + w;
            keys.push_back(literal);
        }
        for (auto& key : keys) {
            auto [first, last] = image.prefix_range(gi::by_name, key);
            for (size_t i = first; i < last; ++i)
                if (const uint32_t c = image.keyed_commune(gi::by_name, i); m.current(c))
                    found.emplace(c, "");
        }
    }
    std::vector<uint32_t> order;
    for (auto& [c, postcode] : found)
        if (m.commune(c).departement.compare(0, departement.size(), departement) == 0)
            order.push_back(c);
    const size_t shown = std::min(max, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown),
                      order.end(), [&](uint32_t a, uint32_t b) {
                          const Commune ca = m.commune(a), cb = m.commune(b);
                          if (ca.population != cb.population) return ca.population > cb.population;
                          return ca.code < cb.code;
                      });
    std::vector<PlaceCompletion> out;
    for (size_t i = 0; i < shown; ++i) {
        const uint32_t c = order[i];
        const Commune commune = m.commune(c);
        PlaceCompletion p{c, m.label(c), m.label(c), found[c]};
        size_t namesakes = 0;
        for (uint32_t other : m.named(place_key(commune.name)))
            namesakes += m.commune(other).departement == commune.departement;
        if (namesakes != 1) p.place = "insee:" + std::string(commune.code);
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace cartoffre
