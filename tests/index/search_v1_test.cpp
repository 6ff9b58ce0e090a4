// data·inclusion's /search/services pages written by the library from the index's records
// (include/cartoffre/datainclusion_v1.hpp, lib/index/search_v1.cpp): the records read in place
// give what decoding gives, and a page is the items the Offer writer writes of the decoded
// hits, in data·inclusion's order. tests/python/test_api_v1_encoder.py compares the same
// pages with the portal's Python encoder on the real and generated indexes.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "cartoffre/datainclusion_v1.hpp"
#include "cartoffre/error.hpp"
#include "cartoffre/fields.hpp"
#include "index/record.hpp"
#include "support/generated_index.hpp"
#include "support/hand_offers.hpp"

using namespace cartoffre;

TEST_CASE("A record read in place gives every field its decoding gives") {
    Offer o = testing::offer("dora--a", "Atelier \"CV\"\n", LatLon{50.7226, 2.5387});
    o.thematiques = {"numerique", "trouver-un-emploi--cv"};
    o.description = std::string(300, 'x') + "é\\";  // a length of two varint bytes
    o.nombre_semaines = 12;
    o.volume_horaire_hebdomadaire = 3.5;
    o.criteria.age_min = 16;
    const std::string bytes = detail::encode_record(o);
    const Offer decoded = detail::decode_record(bytes);
    const detail::RecordView view(bytes);
    std::vector<std::string_view> list;
    size_t checked = 0;
    for (size_t i = 0; i < offer_fields().size(); ++i) {
        visit_field(offer_fields()[i], decoded, [&](const auto& value) {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_same_v<T, std::string>) {
                CHECK(view.text(i) == value);
                ++checked;
            } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
                view.list(i, list);
                CHECK(std::vector<std::string>(list.begin(), list.end()) == value);
                ++checked;
            } else if constexpr (std::is_same_v<T, std::optional<double>>) {
                CHECK(view.number(i) == value);
                ++checked;
            } else if constexpr (std::is_same_v<T, std::optional<int>>) {
                CHECK(view.integer(i) == value);
                ++checked;
            }
        });
    }
    CHECK(checked > 30);
    CHECK(view.text(6) == "Atelier \"CV\"\n");  // nom
    CHECK_THROWS_AS(detail::RecordView(bytes.substr(0, bytes.size() / 2)), IndexError);
}

namespace {

// The portal's order of a search's hits: whole km of the exact distance (nulls last), then id.
std::string expected_page(const Index& index, Query q, size_t page, size_t size) {
    q.sort = SortOrder::distance;
    q.limit = 10000;
    const Results results = index.search(q);
    const LatLon origin = results.place->origins.front();
    std::vector<std::pair<std::optional<long>, const Offer*>> order;
    for (const Hit& hit : results.hits) {
        std::optional<long> km;
        if (hit.distance_km) {
            double d = *hit.distance_km;
            if (std::abs(std::fmod(d, 1.0) - 0.5) < 0.06)
                d = datainclusion_v1::sphere_km(origin, *hit.offer.location());
            km = datainclusion_v1::whole_km(d);
        }
        order.emplace_back(km, &hit.offer);
    }
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        if (a.first.has_value() != b.first.has_value()) return a.first.has_value();
        if (a.first != b.first) return *a.first < *b.first;
        return a.second->id < b.second->id;
    });
    std::string out = "{\"items\":[";
    for (size_t i = (page - 1) * size; i < std::min(order.size(), page * size); ++i) {
        if (i > (page - 1) * size) out += ',';
        datainclusion_v1::append_item(out, *order[i].second, order[i].first);
    }
    const size_t total = results.total;
    return out + "],\"total\":" + std::to_string(total) + ",\"page\":" + std::to_string(page) +
           ",\"size\":" + std::to_string(size) +
           ",\"pages\":" + std::to_string((total + size - 1) / size) + "}";
}

}  // namespace

TEST_CASE("A page searched and written from the records is the Offers' page in v1 order") {
    static const testing::GeneratedIndex generated(5000, 97);
    size_t pages = 0;
    for (const char* place : {"Lille", "insee:75111", "Marseille", "Rennes"}) {
        Query q;
        q.place = place;
        q.radius_km = 40;
        for (auto [page, size] : {std::pair<size_t, size_t>{1, 5000}, {1, 7}, {3, 5}, {99, 50}}) {
            const datainclusion_v1::ServicesPage written =
                datainclusion_v1::search_services(generated.index, q, page, size);
            REQUIRE(written.complete);
            CHECK(written.json == expected_page(generated.index, q, page, size));
            ++pages;
        }
    }
    CHECK(pages == 16);
}

TEST_CASE("A search matching more than one read holds is left to the caller's pages") {
    static const testing::GeneratedIndex generated(12000, 96);
    Query everywhere;  // no place: every offer
    const auto written = datainclusion_v1::search_services(generated.index, everywhere, 1, 20);
    CHECK_FALSE(written.complete);
    CHECK(written.json.empty());
    CHECK(written.results.total == generated.index.size());
}
