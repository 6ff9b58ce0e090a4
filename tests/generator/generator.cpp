// A synthetic national catalogue for demos, tests and benchmarks. Offers land in real
// communes in proportion to their population; a structure serves its commune, so the offers
// of one structure share its place. Draws come from splitmix64 streams read in a fixed order
// (one for places and structures, one per offer), so a seed gives the same catalogue on every
// machine, whatever its number of threads (see generator_random.hpp).

#include "generator/generator.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <string_view>
#include <thread>

#include "cartoffre/catalogue.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/gazetteer.hpp"
#include "cartoffre/taxonomy.hpp"
#include "generator/generator_criteria.hpp"
#include "generator/generator_random.hpp"
#include "generator/generator_text.hpp"
#include "offer/theme_set.hpp"

namespace cartoffre {

namespace text = detail::generator;
using text::Random;

namespace {

// Upper bounds of the zone draws: none below cut[0], then commune, EPCI, département, France.
// In person: 55 % none, 15 % commune, 10 % EPCI, 15 % département, 5 % France.
constexpr double in_person_zone_cuts[] = {0.55, 0.70, 0.80, 0.95};
// At a distance: 3 % none, 10 % commune, 25 % EPCI, 60 % département, 2 % France.
constexpr uint64_t criteria_stream = 0x63726974657269ULL;  // "criteri": a stream of its own
constexpr double remote_zone_cuts[] = {0.03, 0.13, 0.38, 0.98};

struct Template {
    const text::ServiceTemplate* words;
    std::string theme;
    std::string type;  // empty when the taxonomy lacks it
};

struct Kind {
    const text::StructureKind* words;
    std::vector<Template> services;
    std::vector<Template> remote_services;  // those that may be delivered at a distance
    std::vector<std::string> themes;        // the sub-themes of its categories
    std::vector<std::string> publics;
};

// What a structure keeps for its services.
struct StructureInfo {
    uint32_t commune;
    uint16_t kind;
};

std::string code_if_known(const Vocabulary& vocabulary, const char* code) {
    return vocabulary.find(code) ? code : "";
}

std::vector<std::string> all_codes(const Vocabulary& vocabulary) {
    std::vector<std::string> codes;
    for (auto& c : vocabulary.codes()) codes.push_back(c.code);
    return codes;
}

class Generator {
  public:
    Generator(const Gazetteer& gazetteer, const Taxonomy& taxonomy, uint64_t seed);
    Catalogue run(size_t offers);

  private:
    uint32_t pick_commune();
    uint32_t structure_for(uint32_t commune);
    void add_structure(uint32_t commune);
    Offer make_offer(size_t number, uint32_t structure, Random& random) const;
    std::string expand(std::string_view pattern, uint32_t commune);
    static std::vector<std::string> some(const std::vector<std::string>& codes, size_t most,
                                         Random& random);
    static std::string address(Random& random);

    const Gazetteer& m_gazetteer;
    uint64_t m_seed;
    Random m_random;  // places and structures
    std::vector<Kind> m_kinds;
    std::vector<double> m_kind_weights;                  // cumulative
    std::vector<uint32_t> m_communes;                    // where offers may land
    std::vector<uint64_t> m_population;                  // cumulative, parallel to m_communes
    std::vector<std::vector<uint32_t>> m_structures_of;  // by gazetteer commune index
    std::vector<StructureInfo> m_info;                   // parallel to m_catalogue.structures
    Catalogue m_catalogue;
    std::string m_in_person, m_remote, m_everyone, m_free, m_paid;
    std::vector<std::string> m_mobilisation, m_mobilisable_par;
};

Generator::Generator(const Gazetteer& gazetteer, const Taxonomy& taxonomy, uint64_t seed)
    : m_gazetteer(gazetteer), m_seed(seed), m_random(seed) {
    // Paris, Lyon and Marseille are covered by their arrondissements.
    for (uint32_t i = 0; i < gazetteer.size(); ++i) {
        const Commune c = gazetteer.commune(i);
        if (!c.is_current() || !c.centre || c.population <= 0) continue;
        if (!gazetteer.arrondissements(i).empty()) continue;
        m_communes.push_back(i);
        m_population.push_back((m_population.empty() ? 0 : m_population.back()) +
                               static_cast<uint64_t>(c.population));
    }
    if (m_communes.empty()) throw Error("the gazetteer has no populated commune with a centre");
    m_structures_of.resize(gazetteer.size());

    for (auto& words : text::structure_kinds()) {
        Kind kind{&words, {}, {}, {}, {}};
        for (auto& s : words.services) {
            if (!taxonomy.thematiques().find(s.theme)) continue;
            kind.services.push_back({&s, s.theme, code_if_known(taxonomy.types(), s.type)});
            if (s.remote) kind.remote_services.push_back(kind.services.back());
        }
        detail::ThemeSet themes;
        for (auto category : words.categories)
            if (taxonomy.categories().find(category))
                themes |= detail::theme_filter(taxonomy, category);
        for (uint32_t t = 0; t < taxonomy.thematiques().size(); ++t)
            if (themes.has(t)) kind.themes.push_back(taxonomy.thematiques().code(t));
        for (auto p : words.publics)
            if (taxonomy.publics().find(p)) kind.publics.push_back(p);
        if (kind.services.empty()) continue;
        m_kinds.push_back(std::move(kind));
        m_kind_weights.push_back((m_kind_weights.empty() ? 0 : m_kind_weights.back()) +
                                 words.weight);
    }
    if (m_kinds.empty()) throw Error("the taxonomy has none of the generator's thématiques");

    m_in_person = code_if_known(taxonomy.modes_accueil(), "en-presentiel");
    m_remote = code_if_known(taxonomy.modes_accueil(), "a-distance");
    m_everyone = code_if_known(taxonomy.publics(), "tous-publics");
    m_free = code_if_known(taxonomy.frais(), "gratuit");
    m_paid = code_if_known(taxonomy.frais(), "payant");
    m_mobilisation = all_codes(taxonomy.modes_mobilisation());
    m_mobilisable_par = all_codes(taxonomy.mobilisable_par());
}

// Places and structures come first, in one sequence of draws: a structure is opened or
// joined as offers arrive in its commune. Each offer's content then draws from a stream of its
// own (seeded by the seed and its number), so threads may fill offers in any order and the
// catalogue stays the same.
Catalogue Generator::run(size_t offers) {
    std::vector<uint32_t> structure_of(offers);
    m_catalogue.structures.reserve(offers / 2 + 1);
    for (auto& structure : structure_of) structure = structure_for(pick_commune());

    m_catalogue.offers.resize(offers);
    const size_t threads = std::clamp<size_t>(
        std::min<size_t>(std::thread::hardware_concurrency(), offers / 20000), 1, 8);
    const size_t chunk = (offers + threads - 1) / threads;
    std::vector<std::exception_ptr> errors(threads);
    auto fill = [&](size_t part) {
        try {
            for (size_t i = part * chunk; i < std::min(offers, (part + 1) * chunk); ++i) {
                Random random(Random::mix(m_seed ^ Random::mix(i + 1)));
                m_catalogue.offers[i] = make_offer(i + 1, structure_of[i], random);
            }
        } catch (...) {
            errors[part] = std::current_exception();
        }
    };
    std::vector<std::thread> workers;
    for (size_t part = 1; part < threads; ++part) workers.emplace_back(fill, part);
    fill(0);
    for (auto& worker : workers) worker.join();
    for (auto& error : errors)
        if (error) std::rethrow_exception(error);
    return std::move(m_catalogue);
}

uint32_t Generator::pick_commune() {
    const uint64_t person = m_random.below(m_population.back());
    const auto at = std::upper_bound(m_population.begin(), m_population.end(), person);
    return m_communes[static_cast<size_t>(at - m_population.begin())];
}

// One structure for about three offers: a commune's next offer opens a new structure one time
// in three, otherwise it joins one already there.
uint32_t Generator::structure_for(uint32_t commune) {
    auto& here = m_structures_of[commune];
    if (here.empty() || m_random.chance(1.0 / 3)) {
        add_structure(commune);
        here.push_back(static_cast<uint32_t>(m_catalogue.structures.size() - 1));
        return here.back();
    }
    return m_random.pick(here);
}

std::string Generator::address(Random& random) {
    return std::to_string(1 + random.below(120)) + " " + random.pick(text::street_kinds()) + " " +
           random.pick(text::street_names());
}

std::string Generator::expand(std::string_view pattern, uint32_t commune) {
    const Commune c = m_gazetteer.commune(commune);
    std::string name(c.name);  // "Paris 11e Arrondissement" reads "Paris 11e"
    if (auto cut = name.find(" Arrondissement"); cut != std::string::npos) name.resize(cut);
    std::string out;
    while (!pattern.empty()) {
        const size_t open = pattern.find('{');
        out += pattern.substr(0, open);
        if (open == std::string_view::npos) break;
        const size_t close = pattern.find('}', open);
        const std::string_view key = pattern.substr(open + 1, close - open - 1);
        if (key == "commune") {
            out += name;
        } else if (key == "de commune") {
            out += text::with_de(name);
        } else if (key == "dep") {
            out += c.departement;
        } else if (key == "nom") {
            out += m_random.pick(text::association_names());
        } else if (key == "territoire") {
            std::string epci = c.epci.empty() ? "" : m_gazetteer.epci_name(c.epci);
            for (std::string_view p : {"CC ", "CA ", "CU ", "Métropole "})
                if (epci.compare(0, p.size(), p) == 0) epci = epci.substr(p.size());
            out += text::with_de(epci.empty() ? name : epci);
        }
        pattern.remove_prefix(close + 1);
    }
    return out;
}

void Generator::add_structure(uint32_t commune) {
    const Commune c = m_gazetteer.commune(commune);
    // A kind the commune is large enough for; a village keeps what villages have.
    uint16_t kind = 0;
    for (int attempt = 0; attempt < 8; ++attempt) {
        const double draw = m_random.unit() * m_kind_weights.back();
        kind = static_cast<uint16_t>(
            std::upper_bound(m_kind_weights.begin(), m_kind_weights.end(), draw) -
            m_kind_weights.begin());
        if (c.population >= m_kinds[kind].words->min_population) break;
    }
    const text::StructureKind& words = *m_kinds[kind].words;
    static const char* sources[] = {"gen",      "gen",      "gen",      "gen",
                                    "gen-dora", "gen-dora", "gen-dora", "gen-cd35"};

    Structure s;
    s.source = sources[m_random.below(8)];
    s.id = s.source + "--s" + std::to_string(m_catalogue.structures.size() + 1);
    s.nom = expand(m_random.pick(words.names), commune);
    s.siret = text::siret(m_random);
    s.description = expand(words.about, commune);
    s.adresse = address(m_random);
    if (m_random.chance(0.2)) s.complement_adresse = m_random.pick(text::address_complements());
    if (c.postcode_count() > 0)  // as Random::pick draws: one below(count)
        s.code_postal = c.postcode(m_random.below(c.postcode_count()));
    s.code_insee = c.code;
    s.commune = c.name;
    if (!c.parent.empty())
        if (auto parent = m_gazetteer.find_code(c.parent))
            s.commune = m_gazetteer.commune(*parent).name;
    // About 3 % of structures, and so of offers, were never geocoded: the index places them at
    // their commune's centre.
    if (!m_random.chance(0.03)) {
        const LatLon at = text::point_near(*c.centre, text::spread_km(c), m_random);
        s.latitude = at.lat;
        s.longitude = at.lon;
    }
    if (m_random.chance(0.85)) s.telephone = text::telephone(c, m_random);
    const std::string domain = text::slug(s.nom) + ".fr";
    if (m_random.chance(0.7)) s.courriel = "contact@" + domain;
    if (m_random.chance(0.4)) s.site_web = "https://www." + domain;
    if (m_random.chance(0.8)) s.horaires_accueil = m_random.pick(text::opening_hours());
    s.date_maj = text::date_of(18993 + static_cast<long>(m_random.below(1400)));  // 2022-01-01 on
    m_info.push_back({commune, kind});
    m_catalogue.structures.push_back(std::move(s));
}

// Up to `most` distinct codes, at least one, in the order of the code list.
std::vector<std::string> Generator::some(const std::vector<std::string>& codes, size_t most,
                                         Random& random) {
    if (codes.empty()) return {};
    std::vector<std::string> chosen;
    const size_t count = 1 + random.below(std::min(most, codes.size()));
    while (chosen.size() < count) {
        const std::string& code = random.pick(codes);
        if (std::find(chosen.begin(), chosen.end(), code) == chosen.end()) chosen.push_back(code);
    }
    std::sort(chosen.begin(), chosen.end(), [&](const std::string& a, const std::string& b) {
        return std::find(codes.begin(), codes.end(), a) < std::find(codes.begin(), codes.end(), b);
    });
    return chosen;
}

Offer Generator::make_offer(size_t number, uint32_t structure_number, Random& random) const {
    const Structure& s = m_catalogue.structures[structure_number];
    const StructureInfo& info = m_info[structure_number];
    const Commune c = m_gazetteer.commune(info.commune);
    const Kind& kind = m_kinds[info.kind];
    // The mode comes first, so that remote offers keep their share whatever the kinds, and
    // are services that make sense at a distance.
    const double mode = random.unit();
    const bool remote = mode < 0.10 && !m_remote.empty();
    const Template& t =
        random.pick(remote && !kind.remote_services.empty() ? kind.remote_services : kind.services);

    Offer o;
    o.source = s.source;
    o.id = o.source + "--" + std::to_string(number);
    o.structure_id = s.id;
    o.nom = t.words->name;
    o.type = t.type;
    o.thematiques = {t.theme};
    for (size_t extra = random.below(3); extra > 0 && !kind.themes.empty(); --extra) {
        const std::string& theme = random.pick(kind.themes);
        if (std::find(o.thematiques.begin(), o.thematiques.end(), theme) == o.thematiques.end())
            o.thematiques.push_back(theme);
    }

    const double audience = random.unit();
    if (audience < 0.2 && !m_everyone.empty())
        o.publics = {m_everyone};
    else if (audience < 0.9)
        o.publics = some(kind.publics, 2, random);
    if (!o.publics.empty() && o.publics[0] != m_everyone && random.chance(0.3))
        o.publics_precisions = text::public_precision(o.publics[0]);

    // Workshops, training and goods may cost something; advice and aid never do.
    const bool may_cost =
        o.type == "atelier" || o.type == "formation" || o.type == "aide-materielle";
    const double fee = random.unit();
    o.frais = fee < 0.92 ? (may_cost && fee < 0.25 ? m_paid : m_free) : "";
    if (!o.frais.empty() && o.frais == m_paid && random.chance(0.7))
        o.frais_precisions = random.pick(text::fee_details());

    if (remote) o.modes_accueil = {m_remote};
    if (mode >= 0.06 && !m_in_person.empty()) o.modes_accueil.push_back(m_in_person);

    // Eligibility zones. Services at a distance are mostly run for a territory (a département's
    // phone line, an EPCI's online workshop); few are open to all of France.
    const double zone = random.unit();
    const double* cut = o.is_remote() ? remote_zone_cuts : in_person_zone_cuts;
    if (zone >= cut[0] && zone < cut[1])
        o.zone_eligibilite = {std::string(c.parent.empty() ? c.code : c.parent)};
    else if (zone >= cut[1] && zone < cut[2] && !c.epci.empty())
        o.zone_eligibilite = {std::string(c.epci)};
    else if (zone >= cut[2] && zone < cut[3])
        o.zone_eligibilite = {std::string(c.departement)};
    else if (zone >= cut[3])
        o.zone_eligibilite = {"france"};

    o.modes_mobilisation = some(m_mobilisation, 2, random);
    o.mobilisable_par = some(m_mobilisable_par, 2, random);
    const auto by = [&](const char* who) {
        return std::find(o.mobilisable_par.begin(), o.mobilisable_par.end(), who) !=
               o.mobilisable_par.end();
    };
    if (std::find(o.modes_mobilisation.begin(), o.modes_mobilisation.end(),
                  "utiliser-lien-mobilisation") != o.modes_mobilisation.end())
        o.lien_mobilisation =
            "https://" + o.source + ".example.org/services/" + std::to_string(number) + "/orienter";
    if (random.chance(0.3)) o.mobilisation_precisions = random.pick(text::mobilisation_details());
    if (random.chance(0.3)) {
        o.conditions_acces = o.publics.empty() ? "" : text::access_condition(o.publics[0]);
        if (o.conditions_acces.empty()) o.conditions_acces = random.pick(text::access_conditions());
    }
    if (o.source == "gen-dora")
        o.lien_source = "https://gen-dora.example.org/services/" + std::to_string(number);

    o.description.reserve(s.description.size() + 400);
    o.description = s.description;
    for (std::string_view sentence :
         {std::string_view(t.words->detail),
          o.publics.empty() ? std::string_view() : text::public_sentence(o.publics[0]),
          text::orientation_sentence(by("professionnels"), by("usagers"), !o.is_in_person())})
        if (!sentence.empty()) (o.description += ' ') += sentence;
    o.date_maj = text::date_of(19358 + static_cast<long>(random.below(1035)));  // 2023-01-01 on

    if ((o.type == "formation" || o.type == "atelier") && random.chance(0.4)) {
        static const std::vector<double> hours = {2, 3, 4.5, 6, 12, 20, 24, 30, 35};
        o.volume_horaire_hebdomadaire = random.pick(hours);
        o.nombre_semaines = static_cast<int>(1 + random.below(26));
    }
    if (random.chance(0.15)) o.telephone = text::telephone(c, random);
    if (random.chance(0.2)) o.horaires_accueil = random.pick(text::opening_hours());
    // A quarter of the services of a geocoded structure run at a site of their own in the same
    // commune; the others are reached at the structure.
    if (s.latitude && !o.is_remote() && random.chance(0.25)) {
        o.adresse = address(random);
        const LatLon at = text::point_near(*c.centre, text::spread_km(c), random);
        o.latitude = at.lat;
        o.longitude = at.lon;
    }
    inherit_from_structure(o, s);
    text::add_criteria(o, Random::mix(m_seed ^ Random::mix(number + 1) ^ criteria_stream));
    return o;
}

}  // namespace

Catalogue generate_catalogue(const Gazetteer& gazetteer, const Taxonomy& taxonomy, size_t offers,
                             uint64_t seed) {
    return Generator(gazetteer, taxonomy, seed).run(offers);
}

}  // namespace cartoffre
