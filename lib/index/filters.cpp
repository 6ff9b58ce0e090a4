// The filter table (include/cartoffre/filters.hpp) and the codes of the query's enums.

#include "cartoffre/filters.hpp"

#include <algorithm>

#include "index/cursor.hpp"

namespace cartoffre {

const std::vector<QueryFilter>& query_filters() {
    using Q = Query;
    static const std::vector<QueryFilter> filters = {
        {"text", "words", &Q::text, "Mots cherchés, dans n'importe quel ordre"},
        {"near", "--near", &Q::place,
         "Lieu : commune, 'Nom (dd)', code INSEE, code postal, lat,lon"},
        // The command reads "lat,lon" given to --near as this point.
        {"point", "--near", &Q::point, "Point (latitude, longitude), au lieu d'un lieu"},
        {"radius_km", "--radius", &Q::radius_km,
         "Rayon en km, plus de 0 et jusqu'à 20000 (défaut 50)"},
        {"themes", "--theme", &Q::thematiques, "Thématique ou catégorie (répétable)"},
        {"publics", "--public", &Q::publics, "Public (répétable)"},
        {"types", "--type", &Q::types, "Type de service (répétable)"},
        {"frais", "--frais --free", &Q::frais, "Frais : gratuit, payant (répétable)"},
        {"sources", "--source", &Q::sources, "Source du catalogue (répétable)"},
        {"modes_accueil", "--mode-accueil", &Q::modes_accueil,
         "Mode d'accueil : en-presentiel, a-distance (répétable)"},
        {"kinds", "--kind", &Q::kinds,
         "Type de structure : ACI, EI, AI, ETTI, GEIQ, EA, ML, CCAS... (répétable)"},
        {"remote", "--remote", &Q::remote,
         "Offres à distance : include (avec), exclude (sans), only (seulement)"},
        {"bbox", "--bbox", &Q::bbox,
         "Vue de carte sud,ouest,nord,est : seules les offres en présentiel placées dedans"},
        {"profile", "--age --status --lives-in --gender --diploma --qpv --licence --vehicle",
         &Q::profile, "La personne : chaque offre reçoit son verdict et ses raisons"},
        {"mode", "--strict --inclusive", &Q::mode,
         "Avec une personne : strict (les offres ouvertes à elle) ou inclusive (toutes, les "
         "inéligibles en dernier)"},
        {"today", "--today", &Q::today, "Date de la recherche, AAAA-MM-JJ (défaut : aujourd'hui)"},
        {"open_at", "--open-at --open-now", &Q::open_at,
         "Ouvertes à ce moment, heure locale : 2026-11-24T14:30"},
        {"open_on", "--open-on", &Q::open_on, "Ouvertes à un moment de ce jour, AAAA-MM-JJ"},
        {"available", "--available", &Q::available,
         "Disponibles : ni suspendues, ni fermées, ni hors session, ni complètes"},
        {"min_quality", "--min-quality", &Q::min_quality,
         "Score de qualité minimal (score_qualite data·inclusion, 0 à 1)"},
        {"exclude_duplicates", "--exclude-duplicates", &Q::exclude_duplicates,
         "Une seule offre par groupe de doublons entre sources (la meilleure)"},
        {"unplaced", "--unplaced", &Q::unplaced,
         "Seulement les offres sans lieu connu (ni coordonnées, ni commune, ni à distance)"},
    };
    return filters;
}

template <>
const std::vector<EnumCode<Remote>>& enum_codes<Remote>() {
    static const std::vector<EnumCode<Remote>> codes = {
        {Remote::include, "include"}, {Remote::exclude, "exclude"}, {Remote::only, "only"}};
    return codes;
}

template <>
const std::vector<EnumCode<SortOrder>>& enum_codes<SortOrder>() {
    static const std::vector<EnumCode<SortOrder>> codes = {{SortOrder::automatic, "auto"},
                                                           {SortOrder::distance, "distance"},
                                                           {SortOrder::relevance, "relevance"},
                                                           {SortOrder::blend, "blend"}};
    return codes;
}

template <>
const std::vector<EnumCode<EligibilityMode>>& enum_codes<EligibilityMode>() {
    static const std::vector<EnumCode<EligibilityMode>> codes = {
        {EligibilityMode::strict, "strict"}, {EligibilityMode::inclusive, "inclusive"}};
    return codes;
}

namespace detail {

namespace {

// FNV-1a, each value closed by a separator byte so that "ab","c" and "a","bc" differ.
class Mixer {
  public:
    void operator()(std::string_view s) {
        for (unsigned char c : s) m_hash = (m_hash ^ c) * 16777619u;
        m_hash = (m_hash ^ 0xff) * 16777619u;
    }
    uint32_t hash() const { return m_hash; }

  private:
    uint32_t m_hash = 2166136261u;
};

// Each kind of filter as text, each piece closed by a byte UTF-8 never holds; an unset
// optional as "-". Code lists are sorted: the same codes in another order are the same query.
struct Spell {
    std::string& out;
    void piece(std::string_view s) {
        out += s;
        out += '\xff';
    }
    void operator()(const std::string& s) { piece(s); }
    void operator()(const std::vector<std::string>& list) {
        std::vector<std::string> sorted = list;
        std::sort(sorted.begin(), sorted.end());
        for (auto& s : sorted) piece(s);
        piece("|");
    }
    void operator()(double d) { piece(std::to_string(d)); }
    void operator()(bool b) { piece(b ? "1" : "0"); }
    void operator()(const std::optional<LatLon>& p) {
        piece(p ? std::to_string(p->lat) + "," + std::to_string(p->lon) : "-");
    }
    void operator()(const std::optional<Box>& b) {
        if (!b) return piece("-");
        for (double edge : {b->south, b->west, b->north, b->east}) piece(std::to_string(edge));
    }
    void operator()(const std::optional<Date>& d) { piece(d ? d->to_string() : "-"); }
    void operator()(const std::optional<LocalDateTime>& t) {
        piece(t ? t->date.to_string() + "T" + std::to_string(t->minute_of_day) : "-");
    }
    // What decides the verdicts: a cursor of one person's search is refused for another's
    // (the hash cannot be read back into the profile).
    void operator()(const std::optional<Profile>& profile) {
        if (!profile) return piece("-");
        const Profile& p = *profile;
        piece(p.age ? std::to_string(*p.age) : "-");
        piece(p.birth_date ? p.birth_date->to_string() : "-");
        piece(p.genre), piece(p.lives_in), piece(p.diplome);
        for (auto* flag : {&p.qpv, &p.frr, &p.permis, &p.vehicule})
            piece(*flag ? (**flag ? "1" : "0") : "-");
        (*this)(p.statuses);
        piece(p.statuses_complete ? "complete" : "partial");
    }
    void operator()(Remote r) { piece(code_of(r)); }
    void operator()(EligibilityMode m) { piece(code_of(m)); }
};

std::string spelled(const QueryFilter& filter, const Query& q) {
    std::string out;
    std::visit([&](auto member) { Spell{out}(q.*member); }, filter.member);
    return out;
}

}  // namespace

// Only the filters set to other than their default enter the hash, by name and value: a filter
// added to the table leaves the cursors of queries that do not use it as they were.
uint32_t fingerprint(const Query& q) {
    static const std::vector<std::string> defaults = [] {
        std::vector<std::string> out;
        for (auto& filter : query_filters()) out.push_back(spelled(filter, Query{}));
        return out;
    }();
    Mixer mix;
    const auto& filters = query_filters();
    for (size_t i = 0; i < filters.size(); ++i) {
        const std::string value = spelled(filters[i], q);
        if (value == defaults[i]) continue;
        mix(filters[i].name);
        mix(value);
    }
    return mix.hash();
}

std::string canonical_query(const Query& q) {
    std::string out;
    for (const QueryFilter& filter : query_filters()) {
        out += filter.name;
        out += '\xff';
        out += spelled(filter, q);
    }
    return out;
}

}  // namespace detail

}  // namespace cartoffre
