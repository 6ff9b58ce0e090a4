// Duplicates across sources: candidates by proximity (the nearest offers of other sources within
// 300 m, or in the commune when an offer is only placed at its centre), then a decision from the
// name, the SIRET/SIREN, the phone and the address; union-find into clusters.

#include "index/duplicates.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "cartoffre/geo.hpp"
#include "detail/halves.hpp"
#include "geo/circle.hpp"
#include "geo/spatial.hpp"
#include "index/representative.hpp"
#include "text/text.hpp"

namespace cartoffre::detail {

namespace {

// Words that say nothing of which place it is: articles, legal forms, and the commonest words of
// the field's names ("agence", "association"), which two different places share.
const std::unordered_set<std::string>& name_stopwords() {
    static const std::unordered_set<std::string> words{
        "a",    "au",          "aux",    "d",    "de",      "des",  "du",   "en",   "et",
        "l",    "la",          "le",     "les",  "pour",    "sur",  "sas",  "sasu", "sarl",
        "sa",   "eurl",        "scop",   "scic", "sci",     "gie",  "earl", "ei",   "eirl",
        "asso", "association", "agence", "ste",  "societe", "cedex"};
    return words;
}

// Street words in their long form, so "av." meets "avenue".
std::string street_word(const std::string& w) {
    static const std::unordered_map<std::string, std::string> longer{
        {"av", "avenue"},     {"ave", "avenue"},  {"bd", "boulevard"},  {"bld", "boulevard"},
        {"bvd", "boulevard"}, {"r", "rue"},       {"pl", "place"},      {"pla", "place"},
        {"che", "chemin"},    {"chem", "chemin"}, {"rte", "route"},     {"all", "allee"},
        {"imp", "impasse"},   {"sq", "square"},   {"fg", "faubourg"},   {"fbg", "faubourg"},
        {"qu", "quai"},       {"crs", "cours"},   {"res", "residence"}, {"st", "saint"},
        {"ste", "sainte"},    {"lt", "lieu"},     {"pte", "porte"}};
    auto it = longer.find(w);
    return it == longer.end() ? w : it->second;
}

// Trigrams of a folded text with its spaces (" ab", "abc"), hashed, sorted and unique.
std::vector<uint32_t> trigrams(const std::string& folded) {
    std::vector<uint32_t> grams;
    const std::string padded = " " + folded + " ";
    for (size_t i = 0; i + 3 <= padded.size(); ++i)
        grams.push_back(static_cast<uint32_t>(static_cast<unsigned char>(padded[i])) << 16 |
                        static_cast<uint32_t>(static_cast<unsigned char>(padded[i + 1])) << 8 |
                        static_cast<unsigned char>(padded[i + 2]));
    std::sort(grams.begin(), grams.end());
    grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
    return grams;
}

size_t common(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
    size_t n = 0;
    for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] < b[j])
            ++i;
        else if (b[j] < a[i])
            ++j;
        else
            ++n, ++i, ++j;
    }
    return n;
}

double dice(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
    if (a.empty() || b.empty()) return 0;
    return 2.0 * static_cast<double>(common(a, b)) / static_cast<double>(a.size() + b.size());
}

std::string digits(const std::string& text) {
    std::string d;
    for (char c : text)
        if (c >= '0' && c <= '9') d += c;
    return d;
}

// A French number as its 10 national digits ("+33 1 23..." -> "0123..."), else empty.
std::string national_phone(const std::string& text) {
    std::string d = digits(text);
    if (d.rfind("0033", 0) == 0) d = "0" + d.substr(4);
    if (d.size() == 11 && d.rfind("33", 0) == 0) d = "0" + d.substr(2);
    return d.size() == 10 && d[0] == '0' ? d : std::string();
}

// What an offer is compared on, computed once.
struct Features {
    std::vector<uint32_t> words;  // name words (hashed), sorted, without stopwords
    std::vector<uint32_t> name_grams;
    std::vector<uint32_t> street_grams;  // the address without its number
    std::string number;                  // the address's house number
    std::string siret, phone;
    LatLon location{};
    UnitVector unit{};
};

uint32_t word_hash(const std::string& w) {
    uint32_t h = 2166136261u;
    for (unsigned char c : w) h = (h ^ c) * 16777619u;
    return h;
}

Features features_of(const Offer& o) {
    Features f;
    // The structure's name says which place as much as the service's: both count. The commune's
    // name does not: "France services Lannemezan" and "France Travail Lannemezan" are two places.
    std::string name;
    std::vector<uint32_t> words;
    const std::vector<std::string> commune = detail::words(o.commune);
    std::string full = " " + detail::fold(o.nom + " " + o.structure_nom) + " ";
    // Pôle emploi became France Travail in 2024: catalogues of either date name the same agency.
    for (size_t at; (at = full.find(" france travail ")) != std::string::npos;)
        full.replace(at, 16, " pole emploi ");
    for (const std::string& w : detail::words(full)) {
        if (name_stopwords().count(w)) continue;
        if (std::find(commune.begin(), commune.end(), w) != commune.end()) continue;
        name += (name.empty() ? "" : " ") + w;
        words.push_back(word_hash(w));
    }
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    f.words = std::move(words);
    f.name_grams = trigrams(name);
    std::string street;
    for (const std::string& w : detail::words(o.adresse)) {
        if (f.number.empty() && street.empty() && std::isdigit(static_cast<unsigned char>(w[0]))) {
            f.number = w;
            continue;
        }
        if (w == "bis" || w == "ter") continue;
        street += (street.empty() ? "" : " ") + street_word(w);
    }
    f.street_grams = trigrams(street);
    f.siret = digits(o.structure_siret);
    if (f.siret.size() != 14) f.siret.clear();
    f.phone = national_phone(o.telephone);
    f.location = *o.location();
    f.unit = unit_vector(f.location);
    return f;
}

double name_similarity(const Features& a, const Features& b) {
    double words = 0;
    if (!a.words.empty() && !b.words.empty()) {
        const size_t both = common(a.words, b.words);
        words = static_cast<double>(both) /
                static_cast<double>(a.words.size() + b.words.size() - both);  // Jaccard
    }
    return std::max(words, dice(a.name_grams, b.name_grams));
}

DuplicateEvidence compare(const Offer& oa, const Features& a, const Offer& ob, const Features& b,
                          const std::unordered_set<std::string>& shared_phones) {
    DuplicateEvidence e;
    e.distance_m = distance_km(a.location, b.location) * 1000;
    e.approximate = oa.location_approximate || ob.location_approximate;
    e.name_similarity = name_similarity(a, b);
    if (!a.street_grams.empty() && !b.street_grams.empty()) {
        e.address_similarity = dice(a.street_grams, b.street_grams);
        if (!a.number.empty() && !b.number.empty() && a.number != b.number)
            e.address_similarity *= 0.5;  // the same street, another building
    }
    e.same_siret = !a.siret.empty() && a.siret == b.siret;
    e.same_siren =
        !a.siret.empty() && !b.siret.empty() && a.siret.compare(0, 9, b.siret, 0, 9) == 0;
    e.same_phone = !a.phone.empty() && a.phone == b.phone && !shared_phones.count(a.phone);
    return e;
}

// Where the nearest neighbours are sought: longitude scaled by the cosine of the latitude, so
// that near a point distances in degrees are alike in both directions.
detail::GeoPoint projected(LatLon l) {
    return detail::GeoPoint(l.lon * std::cos(l.lat * M_PI / 180), l.lat);
}

double projected_distance(LatLon a, LatLon b) {
    return detail::bg::distance(projected(a), projected(b));
}

// The square of the distance in projected degrees: what orders an offer's neighbours.
double projected_distance2(const detail::GeoPoint& a, const detail::GeoPoint& b) {
    const double dx = a.get<0>() - b.get<0>(), dy = a.get<1>() - b.get<1>();
    return dx * dx + dy * dy;
}

// How far in projected degrees an offer within duplicate_radius_m of `here` may lie: the
// farthest corner of the projection of the latitude and longitude boxes that hold the circle
// (x = lon * cos(lat) is bilinear in lon and cos(lat), so its extremes are at the corners), with
// a hair of margin for rounding. Across the antimeridian it spans the whole width of the
// projection, as the two halves of the circle lie at both ends of it.
double projected_reach(LatLon here) {
    const detail::GeoPoint centre = projected(here);
    double reach2 = 0;
    for (const detail::GeoBox& box : detail::boxes_around(here, duplicate_radius_m / 1000)) {
        const double south = box.min_corner().get<1>(), north = box.max_corner().get<1>();
        const double cos_south = std::cos(south * M_PI / 180),
                     cos_north = std::cos(north * M_PI / 180);
        const double cos_low = std::min(cos_south, cos_north);
        const double cos_high = south <= 0 && north >= 0 ? 1 : std::max(cos_south, cos_north);
        double dx = 0;
        for (double lon : {box.min_corner().get<0>(), box.max_corner().get<0>()})
            for (double c : {cos_low, cos_high})
                dx = std::max(dx, std::abs(lon * c - centre.get<0>()));
        const double dy = std::max(std::abs(south - here.lat), std::abs(north - here.lat));
        reach2 = std::max(reach2, dx * dx + dy * dy);
    }
    return std::sqrt(reach2) * (1 + 1e-9) + 1e-9;
}

}  // namespace

}  // namespace cartoffre::detail

namespace cartoffre {

std::string DuplicateEvidence::signals() const {
    std::string s;
    auto add = [&s](const std::string& part) { s += (s.empty() ? "" : "+") + part; };
    char buffer[64];
    if (same_siret) add("siret");
    if (same_siren && !same_siret) add("siren");
    if (same_phone) add("phone");
    std::snprintf(buffer, sizeof buffer, "name(%.2f)", name_similarity);
    add(buffer);
    std::snprintf(buffer, sizeof buffer, "address(%.2f)", address_similarity);
    add(buffer);
    std::snprintf(buffer, sizeof buffer, approximate ? "commune(%.0fm)" : "distance(%.0fm)",
                  distance_m);
    add(buffer);
    return s;
}

}  // namespace cartoffre

namespace cartoffre::detail {

bool probably_same(const DuplicateEvidence& e) {
    if (e.same_siret) return true;
    if (e.approximate) {  // the distance says nothing: the name and the address must
        return e.name_similarity >= 0.8 ||
               (e.same_phone && (e.name_similarity >= 0.3 || e.address_similarity >= 0.8)) ||
               (e.name_similarity >= 0.5 && e.address_similarity >= 0.8);
    }
    if (e.same_phone) return true;
    if (e.same_siren && (e.name_similarity >= 0.4 || e.address_similarity >= 0.8)) return true;
    if (e.name_similarity >= 0.8) return true;
    return e.name_similarity >= 0.5 && (e.address_similarity >= 0.7 || e.distance_m <= 50);
}

DuplicateEvidence compare_offers(const Offer& a, const Offer& b) {
    return compare(a, features_of(a), b, features_of(b), {});
}

std::string national_phone_of(const Offer& offer) {
    return national_phone(offer.telephone);
}

std::unordered_set<std::string> shared_phones(const std::vector<const Offer*>& offers) {
    // A network's switchboard (one number on many of a source's offers) says nothing of the place.
    std::unordered_map<std::string, size_t> phone_count;
    for (const Offer* o : offers) {
        const std::string phone = national_phone(o->telephone);
        if (!phone.empty()) ++phone_count[o->source + "\t" + phone];
    }
    std::unordered_set<std::string> shared;
    for (auto& [key, count] : phone_count)
        if (count > 3) shared.insert(key.substr(key.find('\t') + 1));
    return shared;
}

std::vector<DuplicatePair> find_duplicate_pairs(const std::vector<const Offer*>& offers) {
    return find_duplicate_pairs(offers, nullptr, nullptr);
}

std::vector<DuplicatePair> find_duplicate_pairs(const std::vector<const Offer*>& offers,
                                                const std::vector<char>* seek,
                                                const std::vector<char>* involving,
                                                DuplicateSearchCost* cost) {
    // Candidate pairs, each once (i < j), from different sources: each offer's nearest
    // neighbours of other sources within the radius, and for an offer only placed at its
    // commune's centre the offers of its commune nearest that centre; at most
    // duplicate_neighbours each way, so that a dense area costs as much per offer as any other.
    // Neighbours are ordered by their distance in projected degrees, then by index: the pairs
    // depend on the offers alone, not on how the R-tree happens to be laid out.
    // Sources by number, compared for every neighbour; communes listed only where an offer is
    // placed at the centre.
    std::vector<uint16_t> source(offers.size());
    std::unordered_map<std::string, uint16_t> source_numbers;
    std::unordered_map<std::string, std::vector<uint32_t>> by_commune;
    for (uint32_t i = 0; i < offers.size(); ++i) {
        source[i] =
            source_numbers.emplace(offers[i]->source, static_cast<uint16_t>(source_numbers.size()))
                .first->second;
        if (offers[i]->location_approximate && !offers[i]->code_insee.empty())
            by_commune[offers[i]->code_insee];
    }
    std::vector<detail::GeoEntry> points;
    for (uint32_t i = 0; i < offers.size(); ++i) {
        const auto location = offers[i]->location();
        if (!location) continue;
        points.emplace_back(projected(*location), i);
        if (!by_commune.empty() && !offers[i]->code_insee.empty())
            if (auto it = by_commune.find(offers[i]->code_insee); it != by_commune.end())
                it->second.push_back(i);
    }
    const detail::GeoTree tree(points.begin(), points.end());
    // The points in two halves, each with its own candidates (sorted together below) and cost.
    std::vector<std::pair<uint32_t, uint32_t>> found[2];
    size_t examined[2] = {0, 0};
    in_halves(points.size(), [&](int part, size_t begin, size_t end) {
        std::vector<std::pair<uint32_t, uint32_t>>& candidates = found[part];
        std::vector<detail::GeoEntry> in_box;
        std::vector<std::pair<double, uint32_t>> nearest, in_commune;
        for (size_t p = begin; p < end; ++p) {
            const detail::GeoEntry& point = points[p];
            const uint32_t i = point.second;
            if (seek && !(*seek)[i]) continue;
            const Offer& o = *offers[i];
            const LatLon here = *o.location();
            // Only the offers within the projected reach of the radius are read. The nearest of
            // other sources among them are the nearest of all within the radius: an offer nearer
            // than one within the radius is within the reach too, so it is among them.
            const double reach = projected_reach(here);
            const double x = point.first.get<0>(), y = point.first.get<1>();
            in_box.clear();
            tree.query(
                detail::bgi::intersects(detail::GeoBox(detail::GeoPoint(x - reach, y - reach),
                                                       detail::GeoPoint(x + reach, y + reach))),
                std::back_inserter(in_box));
            examined[part] += in_box.size();
            nearest.clear();
            for (const detail::GeoEntry& e : in_box) {
                if (source[e.second] == source[i]) continue;
                const double d2 = projected_distance2(point.first, e.first);
                if (d2 <= reach * reach) nearest.emplace_back(d2, e.second);
            }
            const size_t first = std::min(nearest.size(), duplicate_neighbours);
            std::partial_sort(nearest.begin(), nearest.begin() + static_cast<long>(first),
                              nearest.end());
            for (size_t k = 0; k < first; ++k) {
                const uint32_t j = nearest[k].second;
                if (distance_km(here, *offers[j]->location()) * 1000 <= duplicate_radius_m)
                    candidates.emplace_back(std::min(i, j), std::max(i, j));
            }
            if (!o.location_approximate || o.code_insee.empty()) continue;
            in_commune.clear();
            const std::vector<uint32_t>& commune = by_commune.at(o.code_insee);
            examined[part] += commune.size();
            for (uint32_t j : commune)
                if (source[j] != source[i])
                    in_commune.emplace_back(projected_distance(here, *offers[j]->location()), j);
            const size_t keep = std::min(in_commune.size(), duplicate_neighbours);
            std::partial_sort(in_commune.begin(), in_commune.begin() + static_cast<long>(keep),
                              in_commune.end());
            for (size_t k = 0; k < keep; ++k)
                candidates.emplace_back(std::min(i, in_commune[k].second),
                                        std::max(i, in_commune[k].second));
        }
    });
    if (cost) cost->offers_examined += examined[0] + examined[1];
    std::vector<std::pair<uint32_t, uint32_t>> candidates = std::move(found[0]);
    candidates.insert(candidates.end(), found[1].begin(), found[1].end());
    found[1] = {};
    build_phase("dup: candidates");
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    if (involving)
        candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                        [&](const std::pair<uint32_t, uint32_t>& c) {
                                            return !(*involving)[c.first] &&
                                                   !(*involving)[c.second];
                                        }),
                         candidates.end());
    const std::unordered_set<std::string> shared = shared_phones(offers);

    // Each offer of a candidate pair described once, then the pairs compared, both in halves.
    std::vector<uint32_t> slot(offers.size(), UINT32_MAX), described;
    for (auto [i, j] : candidates)
        for (uint32_t k : {i, j}) slot[k] = 0;
    for (uint32_t k = 0; k < offers.size(); ++k)
        if (slot[k] == 0) {
            slot[k] = static_cast<uint32_t>(described.size());
            described.push_back(k);
        }
    std::vector<Features> features(described.size());
    in_halves(described.size(), [&](int, size_t begin, size_t end) {
        for (size_t d = begin; d < end; ++d) features[d] = features_of(*offers[described[d]]);
    });
    std::vector<DuplicatePair> kept[2];
    in_halves(candidates.size(), [&](int part, size_t begin, size_t end) {
        for (size_t c = begin; c < end; ++c) {
            const auto [i, j] = candidates[c];
            DuplicatePair pair{
                i, j,
                compare(*offers[i], features[slot[i]], *offers[j], features[slot[j]], shared)};
            const bool near = pair.evidence.distance_m <= duplicate_radius_m;
            if (!near && !pair.evidence.approximate) continue;
            if (probably_same(pair.evidence)) kept[part].push_back(pair);
        }
    });
    std::vector<DuplicatePair> pairs = std::move(kept[0]);
    pairs.insert(pairs.end(), kept[1].begin(), kept[1].end());
    build_phase("dup: compared");
    return pairs;
}

double strength(const DuplicateEvidence& e) {
    return e.same_siret + e.same_phone + 0.5 * e.same_siren + e.name_similarity +
           e.address_similarity - e.distance_m / duplicate_radius_m / 2;
}

std::vector<std::vector<uint32_t>> duplicate_clusters(const std::vector<const Offer*>& offers,
                                                      std::vector<DuplicatePair>& pairs,
                                                      const std::vector<Renaming>& renamings) {
    // The strongest pairs join first; a join that would put two offers of one source in a
    // cluster is refused: a catalogue's distinct ids are distinct offers by its own account
    // (several services of one structure), and a cluster stands for one offer seen by several
    // catalogues.
    std::vector<uint32_t> parent(offers.size());
    std::iota(parent.begin(), parent.end(), 0u);
    auto root = [&parent](uint32_t x) {
        while (parent[x] != x) x = parent[x] = parent[parent[x]];
        return x;
    };
    std::unordered_map<uint32_t, std::vector<const std::string*>> sources;  // by root
    auto sources_of = [&](uint32_t r) -> std::vector<const std::string*>& {
        auto& list = sources[r];
        if (list.empty()) list.push_back(&offers[r]->source);
        return list;
    };
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const DuplicatePair& x, const DuplicatePair& y) {
                         return strength(x.evidence) > strength(y.evidence);
                     });
    std::vector<DuplicatePair> joined;
    for (const DuplicatePair& p : pairs) {
        const uint32_t a = root(p.a), b = root(p.b);
        if (a == b) {
            joined.push_back(p);
            continue;
        }
        auto& in_a = sources_of(a);
        auto& in_b = sources_of(b);
        bool overlap = false;
        for (const std::string* x : in_a)
            for (const std::string* y : in_b) overlap = overlap || *x == *y;
        if (overlap) continue;
        const uint32_t low = std::min(a, b), high = std::max(a, b);
        parent[high] = low;
        auto& kept = sources_of(low);
        auto& gone = sources_of(high);
        kept.insert(kept.end(), gone.begin(), gone.end());
        sources.erase(high);
        joined.push_back(p);
    }
    pairs = std::move(joined);
    std::sort(pairs.begin(), pairs.end(), [](const DuplicatePair& x, const DuplicatePair& y) {
        return std::make_pair(x.a, x.b) < std::make_pair(y.a, y.b);
    });
    std::unordered_map<uint32_t, std::vector<uint32_t>> groups;
    for (const DuplicatePair& p : pairs)
        for (uint32_t x : {p.a, p.b}) groups[root(x)].push_back(x);
    // Best first: the freshest record (an old name of data/duplicates/renamed.tsv dates it), then
    // the most complete, then the smallest id (index/representative.hpp).
    // Each member's freshness and completeness computed once, not at every comparison.
    std::unordered_map<uint32_t, std::pair<std::string, int>> keys;
    for (auto& [r, members] : groups)
        for (uint32_t m : members)
            keys.emplace(
                m, std::make_pair(freshness(*offers[m], renamings), completeness(*offers[m])));
    auto better = [&](uint32_t x, uint32_t y) {
        const auto &kx = keys.at(x), &ky = keys.at(y);
        if (kx != ky) return kx > ky;
        return offers[x]->id < offers[y]->id;
    };
    std::vector<std::vector<uint32_t>> clusters;
    for (auto& [r, members] : groups) {
        std::sort(members.begin(), members.end());
        members.erase(std::unique(members.begin(), members.end()), members.end());
        std::sort(members.begin(), members.end(), better);
        clusters.push_back(std::move(members));
    }
    std::sort(clusters.begin(), clusters.end(), [&](const auto& x, const auto& y) {
        return offers[x.front()]->id < offers[y.front()]->id;
    });
    return clusters;
}

}  // namespace cartoffre::detail
