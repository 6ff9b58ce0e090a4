// A caseworker's words on the real catalogues (issue 15): the field's vocabulary widens a search
// to the offers carrying the codes it names. Each query of the relevance set says, from the
// field's vocabulary and not from results, which codes, kinds or names make a hit relevant; the
// relevant offers of its area are counted by brute force over every offer.

#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "cartoffre/index.hpp"
#include "support/generated_index.hpp"
#include "support/real_catalogues.hpp"
#include "text/text.hpp"

using namespace cartoffre;

namespace {

struct RealIndex : testing::RealIndex {
    RealIndex() : testing::RealIndex("words", Date{2026, 12, 7}) {
        std::set<std::string> rejected;
        for (auto& r : report.rejected_offers) rejected.insert(r.id);
        for (const Offer& o : offers)
            if (!rejected.count(o.id)) by_id.emplace(o.id, &o);
    }
    std::map<std::string, const Offer*> by_id;  // the offers the index holds
};

const RealIndex& real() {
    static const RealIndex index;
    return index;
}

// The structure's kind as the catalogue states it.
const std::string& kind_of(const Offer& o) {
    return o.structure_typologie;
}

// "thematique:CODE", "categorie:CODE", "public:CODE", "typologie:CODE", or "nom:words" (the
// folded words inside the offer's or its structure's name).
bool carries(const Offer& o, const std::string& marker) {
    const Taxonomy& t = Taxonomy::builtin();
    const size_t colon = marker.find(':');
    const std::string list = marker.substr(0, colon), value = marker.substr(colon + 1);
    auto has = [](const std::vector<std::string>& codes, const std::string& code) {
        return std::find(codes.begin(), codes.end(), code) != codes.end();
    };
    if (list == "thematique") return has(o.thematiques, value);
    if (list == "public") return has(o.publics, value);
    if (list == "typologie") return kind_of(o) == value;
    if (list == "categorie") {
        for (auto& theme : o.thematiques)
            if (auto n = t.thematiques().find(theme);
                n && t.categories().code(t.category_of(*n)) == value)
                return true;
        return false;
    }
    if (list == "nom") {
        const std::string name = " " + detail::fold(o.nom + " " + o.structure_nom) + " ";
        return name.find(" " + detail::fold(value) + " ") != std::string::npos;
    }
    FAIL("unknown marker " << marker);
    return false;
}

// Relevant: every group holds a marker the offer carries.
using Relevance = std::vector<std::vector<std::string>>;

bool relevant(const Offer& o, const Relevance& groups) {
    return std::all_of(groups.begin(), groups.end(), [&](const std::vector<std::string>& any) {
        return std::any_of(any.begin(), any.end(), [&](auto& m) { return carries(o, m); });
    });
}

// Delivered in person within the radius of the place (or in its communes), and open to people of
// the place by its eligibility zones: where a search of the place looks.
bool in_area(const Offer& o, const Place& place, double radius_km) {
    const Gazetteer& g = testing::real_gazetteer();
    if (!o.is_in_person()) return false;
    const auto at = testing::located(o, g);
    if (!at) return false;
    bool near = false;
    for (const LatLon& origin : place.origins) near = near || distance_km(origin, *at) <= radius_km;
    if (auto c = g.find_code(o.code_insee))
        near = near ||
               std::find(place.communes.begin(), place.communes.end(), *c) != place.communes.end();
    if (!near || o.zone_eligibilite.empty()) return near;
    const std::set<std::string> keys = testing::zone_keys_of(
        place.zone_commune ? std::vector<uint32_t>{*place.zone_commune} : place.communes, g);
    return std::any_of(o.zone_eligibilite.begin(), o.zone_eligibilite.end(),
                       [&](const std::string& z) { return keys.count(z) || z == "99100"; });
}

std::vector<const Offer*> relevant_in_area(const std::string& place, double radius_km,
                                           const Relevance& groups) {
    const Place p = testing::real_gazetteer().resolve(place);
    std::vector<const Offer*> out;
    for (auto& [id, o] : real().by_id)
        if (relevant(*o, groups) && in_area(*o, p, radius_km)) out.push_back(o);
    return out;
}

Results search(const std::string& text, const std::string& place, double radius_km, size_t limit) {
    Query q;
    q.text = text;
    q.place = place;
    q.radius_km = radius_km;
    q.limit = limit;
    return real().index.search(q);
}

// Every relevant offer of the area is among the answers: the words found them.
void check_finds_all(const std::string& text, const std::string& place, double radius_km,
                     const Relevance& groups) {
    INFO(text << " near " << place << " " << radius_km << " km");
    const std::vector<const Offer*> expected = relevant_in_area(place, radius_km, groups);
    REQUIRE(!expected.empty());
    const Results r = search(text, place, radius_km, 10000);
    std::set<std::string> found;
    for (auto& hit : r.hits) found.insert(hit.offer.id);
    std::string missing;
    for (const Offer* o : expected)
        if (!found.count(o->id)) missing += o->id + " (" + o->nom + ") ";
    INFO(expected.size() << " relevant in the area, " << r.total << " answers");
    CHECK(missing == "");
}

const Relevance siae = {{"typologie:ACI", "typologie:EI", "typologie:AI", "typologie:ETTI",
                         "typologie:EITI", "typologie:GEIQ"}};
const Relevance minima = {{"public:beneficiaires-des-minimas-sociaux"}};
const Relevance cv = {
    {"thematique:preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"}};
const Relevance french = {{"thematique:lecture-ecriture-calcul--maitriser-le-francais"}};
const Relevance young = {{"public:jeunes", "typologie:ML", "nom:mission locale"}};
// What the catalogues code as for young people (a mission locale's name also hosts its digital
// advisers, offers coded for everyone).
const Relevance coded_young = {{"public:jeunes", "typologie:ML"}};

}  // namespace

TEST_CASE("IAE near Melun finds the inclusion employers within 15 km, and says how it read it") {
    check_finds_all("IAE", "Melun", 15, siae);
    const Results r = search("IAE", "Melun", 15, 5);
    REQUIRE(r.understood.size() == 1);
    CHECK(r.understood[0].words == "iae");
    CHECK(r.understood[0].meaning.find("(ACI, EI, AI, ETTI, EITI, GEIQ)") != std::string::npos);
}

TEST_CASE("SIAE near Lille and 'insertion par l'activité économique' near Rennes find the SIAE") {
    check_finds_all("SIAE", "Lille", 10, siae);
    check_finds_all("insertion par l'activité économique", "Rennes", 20, siae);
}

TEST_CASE("rsa, 'bénéficiaire du RSA' and 'minima sociaux' near Marseille find their public") {
    check_finds_all("rsa", "Marseille", 10, minima);
    check_finds_all("bénéficiaire du RSA", "Marseille", 10, minima);
    check_finds_all("minima sociaux", "Marseille", 10, minima);
}

TEST_CASE("CV, letter and job interview words near Nice find the offers to prepare them") {
    check_finds_all("cv lettre de motivation", "Nice", 15, cv);
    check_finds_all("faire son cv", "Nice", 15, cv);
    check_finds_all("lettre de motivation", "Nice", 15, cv);
    check_finds_all("entretien d'embauche", "Nice", 15, cv);
}

TEST_CASE("'jeunes 16-25 ans' and 'apprendre le français' find offers for them") {
    check_finds_all("jeunes 16-25 ans", "Lyon", 10, coded_young);
    check_finds_all("apprendre le français", "Paris", 5, french);
}

TEST_CASE("the structure kind is a filter and a facet") {
    Query q;
    q.place = "Melun";
    q.radius_km = 15;
    q.kinds = {"ACI", "EI"};
    q.limit = 10000;
    const Results r = real().index.search(q);
    const auto expected = relevant_in_area("Melun", 15, {{"typologie:ACI", "typologie:EI"}});
    CHECK(r.total == expected.size());
    for (auto& hit : r.hits) CHECK((kind_of(hit.offer) == "ACI" || kind_of(hit.offer) == "EI"));
    size_t counted = 0;
    for (auto& f : r.facets.kinds) counted += f.count;
    CHECK(counted == r.total);
}

namespace {

struct Asked {
    const char* text;
    const char* place;
    double radius_km;
    Relevance relevance;
};

// Caseworkers' everyday queries, each with what makes a hit relevant, from the field's
// vocabulary (domain.md, vocabulary.tsv's sources): codes, kinds, or names of structures.
const std::vector<Asked>& relevance_set() {
    const Relevance job = {{"categorie:trouver-un-emploi", "categorie:preparer-sa-candidature"}};
    static const std::vector<Asked> set = {
        {"IAE", "Melun", 15, siae},
        {"SIAE", "Lille", 10, siae},
        {"insertion par l'activité économique", "Rennes", 20, siae},
        {"structure d'insertion", "Nantes", 20, siae},
        {"rsa", "Marseille", 10, minima},
        {"bénéficiaire du RSA", "Marseille", 10, minima},
        {"minima sociaux", "Marseille", 10, minima},
        {"allocataires du rsa", "Lille", 15, minima},
        {"cv lettre de motivation", "Nice", 15, cv},
        {"faire son cv", "Nice", 15, cv},
        {"lettre de motivation", "Toulouse", 15, cv},
        {"entretien d'embauche",
         "Nice",
         15,
         {{"thematique:trouver-un-emploi--convaincre-un-recruteur-en-entretien",
           "categorie:preparer-sa-candidature"}}},
        {"jeunes 16-25 ans", "Lyon", 10, young},
        {"jeunes", "Marseille", 10, young},
        {"mission locale", "Toulouse", 20, {{"typologie:ML", "nom:mission locale"}}},
        {"cej", "Bordeaux", 20, young},
        {"apprendre le français", "Paris", 5, french},
        {"fle", "Strasbourg", 15, french},
        {"alphabétisation", "Lyon", 10, french},
        {"illettrisme", "Lille", 20, {{"categorie:lecture-ecriture-calcul"}}},
        {"aci", "Bordeaux", 20, {{"typologie:ACI"}}},
        {"chantier d'insertion", "Montpellier", 30, {{"typologie:ACI"}}},
        {"entreprise d'insertion", "Nantes", 20, {{"typologie:EI"}}},
        {"association intermédiaire", "Strasbourg", 20, {{"typologie:AI"}}},
        {"etti", "Lyon", 20, {{"typologie:ETTI"}}},
        {"geiq", "Lille", 30, {{"typologie:GEIQ"}}},
        {"rqth", "Montpellier", 20, {{"public:personnes-en-situation-de-handicap"}}},
        {"cap emploi",
         "Paris",
         30,
         {{"typologie:CAP_EMPLOI", "nom:cap emploi", "public:personnes-en-situation-de-handicap"}}},
        {"france travail",
         "Grenoble",
         15,
         {{"typologie:FT", "nom:france travail", "nom:pole emploi"}}},
        {"ccas",
         "Toulouse",
         20,
         {{"typologie:CCAS", "nom:ccas", "nom:centre communal d action sociale"}}},
        {"france services", "Limoges", 30, {{"typologie:RFS", "nom:france services"}}},
        {"permis de conduire", "Dijon", 30, {{"thematique:mobilite--preparer-un-permis"}}},
        {"numérique", "Brest", 20, {{"categorie:numerique"}}},
        {"garde d'enfants", "Tours", 20, {{"thematique:famille--garde-denfants"}}},
        {"aide alimentaire",
         "Lille",
         10,
         {{"thematique:equipement-et-alimentation--alimentation"}}},
        {"hébergement d'urgence",
         "Paris",
         10,
         {{"thematique:logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
           "typologie:CHU", "typologie:CHRS"}}},
        {"115",
         "Marseille",
         15,
         {{"thematique:logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
           "typologie:CHU", "typologie:CHRS"}}},
        {"domiciliation", "Paris", 10, {{"typologie:CCAS", "typologie:CIAS", "nom:domiciliation"}}},
        {"pmi", "Bordeaux", 20, {{"typologie:PMI", "nom:pmi", "nom:protection maternelle"}}},
        {"caf",
         "Nantes",
         30,
         {{"typologie:CAF", "nom:caf", "nom:caisse d allocations familiales"}}},
        {"surendettement",
         "Paris",
         10,
         {{"thematique:difficultes-financieres--situation-dendettement-surendettement"}}},
        {"santé mentale", "Lyon", 10, {{"thematique:sante--sante-mentale"}}},
        {"addictions", "Marseille", 15, {{"thematique:sante--addictions"}}},
        {"demandeurs d'emploi", "Rouen", 20, {{"public:demandeurs-emploi"}}},
        {"réfugiés", "Paris", 10, {{"public:personnes-exilees"}}},
        {"formation", "Rennes", 15, {{"categorie:se-former"}}},
        {"création d'entreprise", "Lille", 20, {{"categorie:creer-une-entreprise"}}},
        {"sous main de justice",
         "Lyon",
         30,
         {{"public:personnes-en-situation-juridique-specifique", "typologie:SPIP"}}},
        {"violences conjugales",
         "Paris",
         10,
         {{"thematique:famille--surmonter-conflits-separation-violence"}}},
        {"mobilité", "Amiens", 30, {{"categorie:mobilite"}}},
        {"accès aux droits",
         "Nancy",
         20,
         {{"thematique:difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-"
           "aux-droits"}}},
        {"recherche d'emploi", "Rouen", 15, job},
        {"cv jeunes", "Lyon", 15, {cv[0], young[0]}},
        {"permis rsa", "Marseille", 20, {{"thematique:mobilite--preparer-un-permis"}, minima[0]}},
    };
    return set;
}

}  // namespace

TEST_CASE("caseworkers' queries find relevant offers in the top 5 (relevance set)") {
    size_t found = 0, possible = 0, queries = 0;
    for (const Asked& a : relevance_set()) {
        INFO(a.text << " near " << a.place << " " << a.radius_km << " km");
        const size_t in_area = relevant_in_area(a.place, a.radius_km, a.relevance).size();
        const Results r = search(a.text, a.place, a.radius_km, 5);
        size_t hits = 0;
        for (auto& hit : r.hits) hits += relevant(*real().by_id.at(hit.offer.id), a.relevance);
        std::printf("  %-40s %-12s %4.0f km: %zu relevant in the area, %zu of the top 5\n", a.text,
                    a.place, a.radius_km, in_area, hits);
        // No empty answer where a relevant offer lies within the radius.
        if (in_area > 0) CHECK(r.total > 0);
        found += std::min<size_t>(hits, std::min<size_t>(5, in_area));
        possible += std::min<size_t>(5, in_area);
        ++queries;
    }
    const double share = possible ? static_cast<double>(found) / possible : 1.0;
    std::printf(
        "relevance set: %zu queries, %zu relevant hits in the top 5 of %zu possible: "
        "%.1f %%\n",
        queries, found, possible, 100 * share);
    CHECK(queries >= 40);
    CHECK(share >= 0.8);
}
