// data·inclusion's /search/services page written from the index's records
// (include/cartoffre/datainclusion_v1.hpp): the search gives the page's positions and exact
// distances (index/search.hpp), the records are read in place (RecordView) and written by the
// v1 writer (offer/v1_writer.hpp). At size 5,000, decoding ~770 Offers cost about half of a
// request's CPU; the page is now written without them.

#include <algorithm>
#include <cmath>
#include <limits>

#include "cartoffre/datainclusion_v1.hpp"
#include "cartoffre/error.hpp"
#include "index/record.hpp"
#include "index/search.hpp"
#include "index/snapshot.hpp"
#include "offer/v1_writer.hpp"

namespace cartoffre {

namespace detail {

struct SnapshotAccess {
    static std::shared_ptr<const Snapshot> of(const Index& index) { return index.snapshot(); }
};

}  // namespace detail

namespace datainclusion_v1 {

namespace {

constexpr size_t every_match = 10000;  // the library's largest page

// A hit in data·inclusion's order: whole km (nulls last), then id (by its rank in id order,
// which is the ids' byte order, hence Python's code point order).
struct Entry {
    std::optional<long> km;
    uint32_t id_rank;
    uint32_t position;

    bool operator<(const Entry& other) const {
        if (km.has_value() != other.km.has_value()) return km.has_value();
        if (km != other.km) return *km < *other.km;
        return id_rank < other.id_rank;
    }
};

// data·inclusion's distance of a hit, as the portal computed it from the hit's distance_km
// (one decimal): only within 0.06 of a half can the exact distance round to another whole km,
// and only there is it computed on PostGIS's sphere from the place's first origin.
std::optional<long> whole_km_of(double exact, const std::optional<LatLon>& origin,
                                const detail::OfferColumns& c) {
    if (exact == std::numeric_limits<double>::infinity()) return std::nullopt;
    double km = std::round(exact * 10) / 10;
    if (origin && !std::isnan(c.lat) && std::abs(std::fmod(km, 1.0) - 0.5) < 0.06)
        km = sphere_km(*origin, {c.lat, c.lon});
    return whole_km(km);
}

}  // namespace

ServicesPage search_services(const Index& index, const Query& query, size_t page, size_t size) {
    std::string out;
    ServicesPage answer = search_services(index, query, page, size, out);
    answer.json = std::move(out);
    return answer;
}

ServicesPage search_services(const Index& index, const Query& query, size_t page, size_t size,
                             std::string& out) {
    out.clear();
    if (query.profile) throw QueryError("search_services : pas de recherche pour une personne");
    if (page == 0 || size == 0) throw QueryError("search_services : page et taille à partir de 1");
    const auto held = detail::SnapshotAccess::of(index);
    const detail::Snapshot& s = *held;
    Query q = query;
    q.sort = SortOrder::distance;
    q.limit = every_match;
    q.cursor.clear();
    std::vector<std::pair<uint32_t, double>> hits;
    const detail::PageVisitor visit = [&](uint32_t position, double km) {
        hits.emplace_back(position, km);
    };
    ServicesPage answer;
    answer.results = detail::search(q, s, &visit);
    if (answer.results.total > hits.size()) return answer;
    answer.complete = true;

    std::optional<LatLon> origin;
    if (answer.results.place && !answer.results.place->origins.empty())
        origin = answer.results.place->origins.front();
    std::vector<Entry> order;
    order.reserve(hits.size());
    for (const auto& [position, km] : hits) {
        const detail::OfferColumns& c = s.columns[position];
        order.push_back({whole_km_of(km, origin, c), c.id_rank, position});
    }
    std::sort(order.begin(), order.end());

    const size_t total = answer.results.total;
    const size_t begin = page - 1 > total / size ? total : std::min(total, (page - 1) * size);
    const size_t end = std::min(total, begin + size);
    // The records lie apart in the file: ask for all of them before reading the first.
    for (size_t i = begin; i < end; ++i) {
        const std::string_view bytes = s.stored_record(order[i].position);
        for (size_t at = 0; at < bytes.size(); at += 64) __builtin_prefetch(bytes.data() + at);
    }
    out.reserve((end - begin) * 2048 + 96);
    out += "{\"items\":[";
    for (size_t i = begin; i < end; ++i) {
        if (i > begin) out += ',';
        detail::v1::append_item(out, detail::RecordView(s.record(order[i].position)), order[i].km);
    }
    out += "],\"total\":" + std::to_string(total) + ",\"page\":" + std::to_string(page) +
           ",\"size\":" + std::to_string(size) +
           ",\"pages\":" + std::to_string((total + size - 1) / size) + '}';
    return answer;
}

}  // namespace datainclusion_v1

}  // namespace cartoffre
