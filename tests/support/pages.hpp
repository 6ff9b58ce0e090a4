#pragma once
// What a page of results says, to compare two ways of answering the same query page by page.

#include <cstdio>
#include <string>
#include <vector>

#include "cartoffre/index.hpp"

namespace cartoffre::testing {

// Everything a page says, doubles to the bit.
inline std::string said(const Results& r) {
    std::string out = "total " + std::to_string(r.total) + " cursor " + r.next_cursor + "\n";
    auto facet = [&](const char* name, const std::vector<FacetCount>& counts) {
        out += name;
        for (const FacetCount& c : counts)
            out += " " + c.code + "=" + std::to_string(c.count) + "(" + c.label + ")";
        out += "\n";
    };
    facet("categories", r.facets.categories);
    facet("types", r.facets.types);
    facet("frais", r.facets.frais);
    facet("publics", r.facets.publics);
    facet("kinds", r.facets.kinds);
    out += "words " + std::to_string(r.unknown_words.size()) + " " + r.suggestion + " " +
           (r.corrected ? "corrected" : "") + " " + std::to_string(r.understood.size()) + "\n";
    out += "unplaced " + std::to_string(r.unplaced) + " beyond " +
           std::to_string(r.nearest_beyond.size()) + "\n";
    for (const Hit& h : r.hits) {
        char line[160];
        std::snprintf(line, sizeof line, " %a %a", h.distance_km ? *h.distance_km : -1.0, h.score);
        out += h.offer.id + line;
        if (h.eligibility)
            out += " " + std::string(verdict_code(h.eligibility->verdict)) + " " +
                   std::to_string(h.eligibility->reasons.size());
        out += "\n";
    }
    return out;
}

// Every page of `q` with the cursor of the one before, at most `pages`.
inline std::vector<std::string> walk(const Index& index, Query q, size_t pages = 1000) {
    std::vector<std::string> out;
    for (size_t page = 0; page < pages; ++page) {
        const Results r = index.search(q);
        out.push_back(said(r));
        if (r.next_cursor.empty()) break;
        q.cursor = r.next_cursor;
    }
    return out;
}

}  // namespace cartoffre::testing
