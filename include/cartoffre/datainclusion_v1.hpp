#pragma once
// data·inclusion's API v1 service written by the library, as UTF-8 JSON text: the portal's
// /api/v1 routes (tools/portal/api_v1*.py) send it as it is. Building each service as a
// Python dict and encoding it cost about 90 µs, so a page of 800 services cost 70 ms against a
// 6 ms search; written here, a few µs.

#include <cstddef>
#include <optional>
#include <string>

#include "cartoffre/geo.hpp"
#include "cartoffre/index.hpp"
#include "cartoffre/offer.hpp"
#include "cartoffre/query.hpp"

namespace cartoffre::datainclusion_v1 {

// The v1 service of an offer with its structure: the schema's service fields in alphabetical
// order (texts as the offer holds them, "" when empty; numbers null when absent), then
// "structure": the v1 structure's fields, of which the index keeps id, source, nom and siret
// (siret null when empty); the others null, reseaux_porteurs [].
//
// The text is what Python's json.dumps(..., ensure_ascii=False, separators=(",", ":")) gives
// of the same object, byte for byte (numbers as Python's repr), so that the API's answers do
// not depend on which side wrote them.
void append_service(std::string& out, const Offer& offer);
std::string service_json(const Offer& offer);

// One item of /search/services: {"service": {...}, "distance": km}, null for a remote-only
// offer (no distance).
void append_item(std::string& out, const Offer& offer, std::optional<long> distance_km);

// The distance data·inclusion gives: PostgreSQL's integer cast (half away from zero) of the
// great-circle km on PostGIS's sphere (mean radius 6371.0088 km). sphere_km computes it as the
// portal's Python did (tools/portal/api_v1_common.py), operation for operation, so that a
// distance a hair from a half rounds the same way.
double sphere_km(const LatLon& from, const LatLon& to);
long whole_km(double km);

// A page of /search/services searched and written by the library (lib/index/search_v1.cpp):
// the query's matches in data·inclusion's order (whole km, nulls last, then id), the page
// `page` (from 1) of `size` written from the index's records, without an Offer built:
// {"items":[{"service":{...},"distance":km},...],"total":N,"page":P,"size":S,"pages":K},
// the same bytes as the portal's Python encoder of the same page.
struct ServicesPage {
    // False when the query matches more offers than one search reads (10,000): `json` is
    // then empty and the caller reads the order in pages (tools/portal/api_v1_paging.py).
    bool complete = false;
    std::string json;
    // The search's results without their hits: total, place, nearest beyond, facets.
    Results results;
};
// The query's sort, limit and cursor are the function's own (by distance, every match, none).
// Throws as Index::search does. A search for a person is refused (QueryError): its items carry
// verdicts, which the portal writes.
ServicesPage search_services(const Index& index, const Query& query, size_t page, size_t size);
// The same, the answer written into `out` (cleared first, its capacity kept: a server that
// reuses one buffer a thread spares the fresh pages of a 1.5 MB answer); `json` stays empty.
ServicesPage search_services(const Index& index, const Query& query, size_t page, size_t size,
                             std::string& out);

}  // namespace cartoffre::datainclusion_v1
