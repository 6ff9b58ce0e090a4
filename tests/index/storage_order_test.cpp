// Where offers are stored (lib/index/index_build.cpp, storage_key): every local search reads
// all the remote offers open everywhere, so they lie together in one run of positions, whether
// or not they are also delivered in person, located or not, after a build and after an update;
// the other remote offers lie together by zone.

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>

#include "detail/mapped_file.hpp"
#include "index/snapshot.hpp"
#include "support/generated_index.hpp"
#include "support/hand_offers.hpp"

using namespace cartoffre;

namespace {

using testing::offer;
namespace fs = std::filesystem;

// What the test reads of the current generation: its columns, zones and placement lists, opened
// from the files as Index::open does (the Index keeps its snapshot to itself).
struct Stored {
    explicit Stored(const fs::path& root) {
        std::ifstream current(root / detail::files::current);
        std::string name;
        current >> name;
        const fs::path g = root / name;
        columns_file = detail::MappedFile(g / detail::files::columns);
        zones_file = detail::MappedFile(g / detail::files::zones);
        size = columns_file.size() / sizeof(detail::OfferColumns);
        columns = reinterpret_cast<const detail::OfferColumns*>(columns_file.data());
        zones = reinterpret_cast<const uint32_t*>(zones_file.data());
        std::ifstream keys(g / detail::files::zone_keys);
        size_t count = 0;
        for (std::string key; std::getline(keys, key); ++count)
            if (key == "france") france_key = static_cast<uint32_t>(count);
        const size_t categories = Taxonomy::load(g / detail::files::taxonomy).categories().size();
        placement = detail::Placement(
            g, {size, Gazetteer::load(g / detail::files::gazetteer).size(), count, categories});
    }
    bool open_everywhere(uint32_t p) const {
        return detail::open_everywhere(columns[p], zones, france_key);
    }
    detail::MappedFile columns_file, zones_file;
    size_t size = 0;
    const detail::OfferColumns* columns = nullptr;
    const uint32_t* zones = nullptr;
    std::optional<uint32_t> france_key;
    detail::Placement placement;
};

// Remote offers open everywhere in each in-person mode, with and without a place, amid
// in-person offers all over France (placed before, between and after them on the map).
std::vector<Offer> mixed_offers() {
    std::vector<Offer> offers;
    const std::vector<std::pair<LatLon, std::string>> places = {
        {{48.5400, 2.6600}, "77288"},   // Melun
        {{43.2965, 5.3698}, "13055"},   // Marseille
        {{50.6292, 3.0573}, "59350"},   // Lille
        {{41.9267, 8.7369}, "2A004"},   // Ajaccio
        {{47.2184, -1.5536}, "44109"},  // Nantes
    };
    for (size_t i = 0; i < places.size(); ++i) {
        const auto& [at, commune] = places[i];
        const std::string n = std::to_string(i);
        offers.push_back(offer("local-" + n, "Auto-école sociale", at, commune));
        Offer hybrid = offer("hybrid-" + n, "Permis sur place ou à distance", at, commune);
        hybrid.modes_accueil = {"en-presentiel", "a-distance"};
        offers.push_back(hybrid);
        Offer france = hybrid;
        france.id = "test--hybrid-france-" + n;
        france.zone_eligibilite = {"france", commune.substr(0, 2)};
        offers.push_back(france);
        Offer distance = offer("distance-" + n, "Permis à distance", at, commune);
        distance.modes_accueil = {"a-distance"};
        distance.zone_eligibilite = {"99100"};
        offers.push_back(distance);
        // Open only in its département: not open everywhere, stored by its place.
        Offer zoned = hybrid;
        zoned.id = "test--hybrid-zoned-" + n;
        zoned.zone_eligibilite = {commune.substr(0, 2)};
        offers.push_back(zoned);
        Offer zoned_distance = distance;
        zoned_distance.id = "test--distance-zoned-" + n;
        zoned_distance.zone_eligibilite = {commune.substr(0, 2)};
        offers.push_back(zoned_distance);
    }
    Offer phone = offer("phone", "Permis par téléphone", std::nullopt);
    phone.modes_accueil = {"a-distance"};
    offers.push_back(phone);
    return offers;
}

// The remote offers open only in some zones lie together by the first of their zone keys,
// whether or not they are also delivered in person: a search reads each of its place's zone
// lists whole.
void check_zoned_runs(const Stored& s) {
    std::map<uint32_t, std::vector<uint32_t>> by_zone;
    for (uint32_t p = 0; p < s.size; ++p)
        if ((s.columns[p].flags & detail::flag_remote) && !s.open_everywhere(p))
            by_zone[s.zones[s.columns[p].zones_begin]].push_back(p);
    REQUIRE(!by_zone.empty());
    for (const auto& [zone, positions] : by_zone)
        CHECK(positions.back() - positions.front() + 1 == positions.size());
}

// The positions of the remote offers open everywhere form one run, and Placement lists exactly
// those (its list is what every local search reads).
void check_one_run(const fs::path& dir, size_t expected) {
    const Stored s(dir);
    std::vector<uint32_t> open;
    for (uint32_t p = 0; p < s.size; ++p)
        if ((s.columns[p].flags & detail::flag_remote) && s.open_everywhere(p)) open.push_back(p);
    REQUIRE(open.size() == expected);
    const auto listed = s.placement.remote_anywhere();
    CHECK(std::vector<uint32_t>(listed.begin(), listed.end()) == open);
    CHECK(open.back() - open.front() + 1 == open.size());
    check_zoned_runs(s);
    // And they are reached by a search as before: near Melun in person even without remote.
    Query q;
    q.place = "Melun";
    q.radius_km = 5;
    q.remote = Remote::exclude;
    std::set<std::string> near;
    for (const Hit& h : Index::open(dir).search(q).hits) near.insert(h.offer.id);
    CHECK(near.count("test--hybrid-0") == 1);
    CHECK(near.count("test--hybrid-france-0") == 1);
    CHECK(near.count("test--distance-0") == 0);
}

}  // namespace

TEST_CASE("Remote offers open everywhere are stored in one run, whatever their in-person mode") {
    testing::TempDir dir("storage-order");
    BuildOptions options;
    options.gazetteer = &testing::real_gazetteer();
    const std::vector<Offer> offers = mixed_offers();
    Index::build(dir.path(), offers, options);
    // Per place: hybrid (no zone), hybrid with France, distance only in 99100; and the phone.
    // Open in one département: a hybrid and a remote-only offer per place.
    check_one_run(dir.path(), 3 * 5 + 1);

    // An update stores the offers it keeps and the new ones in the same order.
    std::vector<Offer> changed = offers;
    Offer later = changed[1];
    later.id = "test--hybrid-later";
    later.latitude = 45.7640;  // Lyon
    later.longitude = 4.8357;
    later.code_insee = "69123";
    changed.push_back(later);
    Index::update(dir.path(), "test", changed, options);
    check_one_run(dir.path(), 3 * 5 + 2);
}

TEST_CASE("In a generated catalogue the remote offers open everywhere lie in one run") {
    testing::GeneratedIndex generated(20000, 7);
    const Stored s(generated.dir.path());
    const auto listed = s.placement.remote_anywhere();
    size_t in_person = 0;
    for (uint32_t p : listed) in_person += (s.columns[p].flags & detail::flag_in_person) != 0;
    // Many are also delivered in person (the case that scattered them over the map's order).
    REQUIRE(in_person * 4 > listed.size());
    CHECK(listed[listed.size() - 1] - listed[0] + 1 == listed.size());
    check_zoned_runs(s);
}
