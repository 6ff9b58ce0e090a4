#pragma once
// The naive embedding of Xapian, the search library cartoffre itself builds on: one database,
// French-stemmed text without positions, boolean terms for themes, categories, zones, commune,
// modes and frais, the location in a value for LatLongDistancePostingSource (the radius) and
// LatLongDistanceKeyMaker (the order). The same area rule as the other peers: near when within
// the radius or in the place's communes, remote offers kept, zones checked by terms.
// Documents are added in id order, so that ties go by docid as they go by id elsewhere.

#include <xapian.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "bench/workload.hpp"

namespace bench {

// Counts the categories of the matching offers (a value slot holds them, space-separated).
class CategorySpy : public Xapian::MatchSpy {
  public:
    void operator()(const Xapian::Document& doc, double) override {
        const std::string packed = doc.get_value(slot_categories);
        for (size_t start = 0; start < packed.size();) {
            size_t end = packed.find(' ', start);
            if (end == std::string::npos) end = packed.size();
            ++counts[packed.substr(start, end - start)];
            start = end + 1;
        }
    }
    static constexpr Xapian::valueno slot_categories = 4;
    std::map<std::string, size_t> counts;
};

class XapianPeer {
  public:
    static constexpr Xapian::valueno slot_coords = 0, slot_lat = 2, slot_lon = 3;

    static void build(const std::string& dir, const std::vector<FlatOffer>& offers,
                      const Taxonomy& taxonomy) {
        Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator words;
        words.set_stemmer(Xapian::Stem("french"));
        words.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        db.begin_transaction(false);
        for (const FlatOffer& f : offers) {
            const Offer& o = *f.offer;
            Xapian::Document doc;
            doc.set_data(o.id);
            words.set_document(doc);
            words.index_text_without_positions(o.nom + " " + o.structure_nom, 3);
            words.index_text_without_positions(taxonomy.theme_text(o), 2);
            words.index_text_without_positions(o.description + " " + o.publics_precisions + " " +
                                               o.conditions_acces + " " + o.frais_precisions);
            for (auto& t : o.thematiques) doc.add_boolean_term("XT" + t);
            std::string packed;
            for (auto& c : f.categories) {
                doc.add_boolean_term("XC" + c);
                packed += (packed.empty() ? "" : " ") + c;
            }
            doc.add_value(CategorySpy::slot_categories, packed);
            for (auto& z : f.zones) doc.add_boolean_term("XZ" + z);
            if (f.zones.empty()) doc.add_boolean_term("XZNONE");
            if (f.commune >= 0) doc.add_boolean_term("XM" + std::to_string(f.commune));
            if (o.is_remote()) doc.add_boolean_term("XR");
            if (!o.frais.empty()) doc.add_boolean_term("XF" + o.frais);
            if (auto at = o.location(); at && o.is_in_person()) {
                doc.add_boolean_term("XP");
                doc.add_value(slot_coords, Xapian::LatLongCoord(at->lat, at->lon).serialise());
                doc.add_value(slot_lat, Xapian::sortable_serialise(at->lat));
                doc.add_value(slot_lon, Xapian::sortable_serialise(at->lon));
            } else if (o.is_in_person()) {
                doc.add_boolean_term("XP");
            }
            db.add_document(doc);
        }
        db.commit_transaction();
        db.commit();
    }

    explicit XapianPeer(const std::string& dir) : m_db(dir) {
        m_parser.set_stemmer(Xapian::Stem("french"));
        m_parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        m_parser.set_default_op(Xapian::Query::OP_AND);
        m_parser.set_database(m_db);
    }

    Answer run(const Spec& s, size_t limit) {
        const Query& q = s.query;
        Xapian::Enquire enquire(m_db);
        // Not Query::MatchAll: a static object whose reference count two threads would race on.
        Xapian::Query query{std::string()};
        std::unique_ptr<Xapian::LatLongDistancePostingSource> source;
        Xapian::LatLongCoords centre;
        const Xapian::GreatCircleMetric metric(earth_radius_km * 1000);
        if (!q.place.empty()) {
            for (auto& o : s.place.origins) centre.append(Xapian::LatLongCoord(o.lat, o.lon));
            source = std::make_unique<Xapian::LatLongDistancePostingSource>(
                slot_coords, centre, metric, q.radius_km * 1000);
            std::vector<Xapian::Query> near{Xapian::Query(source.get())};
            for (uint32_t c : s.place.communes) near.emplace_back("XM" + std::to_string(c));
            Xapian::Query area(Xapian::Query::OP_FILTER,
                               Xapian::Query(Xapian::Query::OP_OR, near.begin(), near.end()),
                               Xapian::Query("XP"));
            if (q.remote != Remote::exclude)
                area = Xapian::Query(Xapian::Query::OP_OR, area, Xapian::Query("XR"));
            std::vector<Xapian::Query> zones{Xapian::Query("XZNONE")};
            for (auto& k : s.zone_keys) zones.emplace_back("XZ" + k);
            query = Xapian::Query(Xapian::Query::OP_FILTER, area,
                                  Xapian::Query(Xapian::Query::OP_OR, zones.begin(), zones.end()));
        }
        if (!q.text.empty())
            query = Xapian::Query(Xapian::Query::OP_FILTER, m_parser.parse_query(q.text), query);
        if (!s.themes.empty()) {
            std::vector<Xapian::Query> themes;
            for (auto& t : s.themes) themes.emplace_back("XT" + t);
            query =
                Xapian::Query(Xapian::Query::OP_FILTER, query,
                              Xapian::Query(Xapian::Query::OP_OR, themes.begin(), themes.end()));
        }
        for (auto& f : q.frais)
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query("XF" + f));
        Answer a;
        if (s.kind == Kind::e) {
            const Viewport& b = s.box;
            query =
                Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("XP"),
                              Xapian::Query(Xapian::Query::OP_AND,
                                            Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot_lat,
                                                          Xapian::sortable_serialise(b.south),
                                                          Xapian::sortable_serialise(b.north)),
                                            Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot_lon,
                                                          Xapian::sortable_serialise(b.west),
                                                          Xapian::sortable_serialise(b.east))));
            enquire.set_query(query);
            CategorySpy spy;
            enquire.add_matchspy(&spy);
            const Xapian::MSet m = enquire.get_mset(0, 0, m_db.get_doccount());
            a.total = m.get_matches_estimated();
            for (auto& [code, n] : spy.counts) a.counts.emplace_back(code, n);
            return a;
        }
        enquire.set_query(query);
        // The order by distance from the nearest origin; remote offers (no value) last.
        Xapian::LatLongDistanceKeyMaker by_distance(slot_coords, centre, metric, 1e12);
        if (q.sort == SortOrder::distance) enquire.set_sort_by_key(&by_distance, false);
        const size_t pages = s.kind == Kind::f ? s.pages : 1;
        const size_t size = s.kind == Kind::f ? 20 : limit;
        for (size_t page = 0; page < pages; ++page) {  // pages by offset, Xapian's way
            const Xapian::MSet m = enquire.get_mset(static_cast<Xapian::doccount>(page * size),
                                                    static_cast<Xapian::doccount>(size));
            for (auto it = m.begin(); it != m.end(); ++it)
                a.ids.push_back(it.get_document().get_data());
            a.total = m.get_matches_estimated();
            if (m.size() < size) break;
        }
        a.km.resize(a.ids.size());
        return a;
    }

  private:
    Xapian::Database m_db;
    Xapian::QueryParser m_parser;
};

}  // namespace bench
