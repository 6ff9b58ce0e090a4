#pragma once
// The naive embedding of Xapian, the search library cartoffre itself builds on: one database
// (two shards searched as one), French-stemmed text without positions, boolean terms for
// themes, categories, zones, publics, commune, modes and frais, the location in a value for
// LatLongDistancePostingSource (the radius) and LatLongDistanceKeyMaker (the order). The same
// area rule as the other peers: near when within the radius or in the place's communes, remote
// offers kept, zones checked by terms. Xapian stores a location to about a metre
// (LatLongCoord::serialise), so the posting source takes a radius a little larger and a
// MatchDecider, reading the exact coordinates and the criteria from one value, keeps what is
// near and, for a person, not ineligible (bench/person_rules.hpp). Documents are added in id
// order, so that ties go by docid as they go by id elsewhere.
//
// The build is what a competent user would write: no positions (no phrase is searched), no
// termlists (no document is ever replaced), no fsync, one transaction a shard, the shards
// written in parallel, stems remembered, and a flush threshold of 1,000 documents (Xapian
// keeps the pending postings in a std::map per term: measured at 20,000 and 150,000 offers,
// smaller maps were faster than the default 10,000 and much faster than 2,000,000).

#include <xapian.h>

#include <cmath>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "person_rules.hpp"
#include "workload.hpp"

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

// The French stemmer, remembering the stems of the words met before: a catalogue repeats its
// vocabulary, and Snowball's French stemmer was the largest part of the indexing time.
class RememberingStem : public Xapian::StemImplementation {
  public:
    std::string operator()(const std::string& word) override {
        auto it = m_stems.find(word);
        if (it == m_stems.end()) it = m_stems.emplace(word, m_french(word)).first;
        return it->second;
    }
    std::string get_description() const override { return "french, remembered"; }

  private:
    Xapian::Stem m_french{"french"};
    std::unordered_map<std::string, std::string> m_stems;
};

// Keeps an offer near the place (exactly: within the radius or in one of its communes) or
// remote when the query keeps remote offers, and, for a person, not ineligible.
class NearAndEligible : public Xapian::MatchDecider {
  public:
    static constexpr Xapian::valueno slot_facts = 5;

    NearAndEligible(const Spec& s, const Xapian::LatLongCoords& centre,
                    const Xapian::LatLongMetric& metric)
        : m_spec(s), m_centre(centre), m_metric(metric) {
        if (s.person) m_rules.emplace(*s.person, s.today, Taxonomy::builtin());
    }

    bool operator()(const Xapian::Document& doc) const override {
        const StoredFacts f = StoredFacts::unpack(doc.get_value(slot_facts));
        if (!m_spec.query.place.empty() && !near(f) &&
            !(f.remote && m_spec.query.remote != Remote::exclude))
            return false;
        return !m_rules || !m_rules->ineligible(f);
    }

    // Whether the offer is near the place, with its distance in metres when it has a location
    // (the peers measure the near offers only).
    bool near(const StoredFacts& f, std::optional<double>* metres = nullptr) const {
        if (!f.in_person) return false;
        const auto& communes = m_spec.place.communes;
        const double d = f.located ? m_metric(m_centre, Xapian::LatLongCoord(f.lat, f.lon)) : 0;
        const bool is_near = (f.located && d <= m_spec.query.radius_km * 1000) ||
                             (f.commune >= 0 && std::find(communes.begin(), communes.end(),
                                                          f.commune) != communes.end());
        if (metres && is_near && f.located) *metres = d;
        return is_near;
    }

  private:
    const Spec& m_spec;
    const Xapian::LatLongCoords& m_centre;
    const Xapian::LatLongMetric& m_metric;
    std::optional<PersonRules> m_rules;
};

class XapianPeer {
  public:
    static constexpr Xapian::valueno slot_coords = 0, slot_lat = 2, slot_lon = 3;

    // Two shards, written on two threads (the machine's two cores) and searched as one
    // database: offer i goes to shard i % 2, so that Xapian's interleaved docids of the
    // combined database (shard docid d of shard k: (d - 1) * 2 + k + 1) follow the offers'
    // order.
    static constexpr unsigned shards = 2;

    static void build(const std::string& dir, const std::vector<FlatOffer>& offers,
                      const Taxonomy& taxonomy) {
        std::filesystem::create_directories(dir);
        // Read when a database is opened: postings merged into the tables every 1,000 documents
        // (unless the environment says otherwise, to compare).
        const bool threshold_set = std::getenv("XAPIAN_FLUSH_THRESHOLD") != nullptr;
        if (!threshold_set) setenv("XAPIAN_FLUSH_THRESHOLD", "1000", 1);
        std::vector<std::thread> threads;
        std::vector<std::exception_ptr> failed(shards);
        for (unsigned k = 0; k < shards; ++k)
            threads.emplace_back([&, k] {
                try {
                    build_shard(dir + "/" + std::to_string(k), offers, k, taxonomy);
                } catch (...) {
                    failed[k] = std::current_exception();
                }
            });
        for (auto& t : threads) t.join();
        if (!threshold_set) unsetenv("XAPIAN_FLUSH_THRESHOLD");
        for (auto& e : failed)
            if (e) std::rethrow_exception(e);
    }

    static void build_shard(const std::string& dir, const std::vector<FlatOffer>& offers,
                            unsigned shard, const Taxonomy& taxonomy) {
        Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS |
                                             Xapian::DB_NO_SYNC | Xapian::DB_NO_TERMLIST);
        Xapian::TermGenerator words;
        words.set_stemmer(Xapian::Stem(new RememberingStem));
        words.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        db.begin_transaction(false);
        for (size_t i = shard; i < offers.size(); i += shards) {
            const FlatOffer& f = offers[i];
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
            for (auto& p : o.publics) doc.add_boolean_term("XU" + p);
            if (o.publics.empty()) doc.add_boolean_term("XUNONE");
            doc.add_value(NearAndEligible::slot_facts, StoredFacts::pack(f));
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

    explicit XapianPeer(const std::string& dir) {
        for (unsigned k = 0; k < shards; ++k)
            m_db.add_database(Xapian::Database(dir + "/" + std::to_string(k)));
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
                slot_coords, centre, metric, q.radius_km * 1000 + location_slack_m);
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
        auto any_of = [](const std::string& prefix, std::vector<std::string> codes) {
            std::vector<Xapian::Query> terms;
            for (auto& c : codes) terms.emplace_back(prefix + c);
            return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        };
        if (!q.frais.empty())
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, any_of("XF", q.frais));
        if (!q.publics.empty()) {  // an offer without publics, or for everyone, matches
            std::vector<std::string> publics = q.publics;
            publics.insert(publics.end(), {"tous-publics", "NONE"});
            query = Xapian::Query(Xapian::Query::OP_FILTER, query, any_of("XU", publics));
        }
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
        const NearAndEligible decider(s, centre, metric);
        // The order by distance from the nearest origin; remote offers (no value) last.
        Xapian::LatLongDistanceKeyMaker by_distance(slot_coords, centre, metric, 1e12);
        if (q.sort == SortOrder::distance) enquire.set_sort_by_key(&by_distance, false);
        const size_t pages = s.kind == Kind::f ? s.pages : 1;
        const size_t size = s.kind == Kind::f ? 20 : limit;
        const Xapian::MatchDecider* keep = q.place.empty() && !s.person ? nullptr : &decider;
        for (size_t page = 0; page < pages; ++page) {  // pages by offset, Xapian's way
            const Xapian::MSet m =
                enquire.get_mset(static_cast<Xapian::doccount>(page * size),
                                 static_cast<Xapian::doccount>(size), 0, nullptr, keep);
            for (auto it = m.begin(); it != m.end(); ++it) {
                const Xapian::Document doc = it.get_document();
                a.ids.push_back(doc.get_data());
                std::optional<double> metres;
                if (!q.place.empty())
                    decider.near(StoredFacts::unpack(doc.get_value(NearAndEligible::slot_facts)),
                                 &metres);
                a.km.push_back(metres ? std::optional<double>(*metres / 1000) : std::nullopt);
            }
            a.total = m.get_matches_estimated();
            if (m.size() < size) break;
        }
        return a;
    }

    // How far beyond the radius the posting source looks: more than the metre or so a
    // serialised LatLongCoord may be off; the decider then measures exactly.
    static constexpr double location_slack_m = 50;

  private:
    Xapian::Database m_db;
    Xapian::QueryParser m_parser;
};

}  // namespace bench
