// Which record stands for a cluster of duplicates and the contacts the cluster pools: the table
// of renamed organisations (data/duplicates/renamed.tsv) row by row, the Dammarie pair of the
// real catalogues (issue 16), exclude_duplicates against the rule applied by hand, and the
// pooled phones and e-mails against the members' own.

#include "index/representative.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "cartoffre/data_dirs.hpp"
#include "cartoffre/error.hpp"
#include "index/contacts.hpp"
#include "index/duplicates.hpp"
#include "support/generated_index.hpp"
#include "support/real_catalogues.hpp"
#include "text/text.hpp"

using namespace cartoffre;
using detail::Renaming;
namespace fs = std::filesystem;

namespace {

const fs::path table_file = data_dir() / "duplicates" / "renamed.tsv";

const testing::RealIndex& real() {
    static const testing::RealIndex catalogues("representative", Date{2026, 11, 26});
    return catalogues;
}

// Each row of the table with a name under its old form that its pattern must match, and the
// current name it must not: a row added to the table needs its line here.
struct RowExample {
    const char* old_name;
    const char* old_example;
    const char* current_example;
};
const RowExample row_examples[] = {
    {"pole emploi", "Agence Pôle Emploi de Melun", "France Travail - MELUN"},
    {"anpe", "ANPE Bobigny", "Pôle emploi Bobigny"},
    {"assedic", "ASSÉDIC de Paris", "Pôle emploi Paris"},
    {"maison de services au public", "Maison de Services au Public de Lodève",
     "France services Lodève"},
    {"msap", "MSAP du Pays de Mormal", "France services du Pays de Mormal"},
    {"direccte", "DIRECCTE Île-de-France, unité départementale 77", "DREETS Île-de-France"},
};

// The rule by hand (docs/design/duplicates.md): freshness from date_maj and the names, the table
// read here; then the count of filled facts; then the id.
std::string hand_freshness(const Offer& o) {
    static const auto rows = [] {
        std::vector<std::tuple<std::string, std::string, std::string>> out;  // old, new, date
        std::ifstream in(table_file);
        for (std::string line; std::getline(in, line);) {
            if (line.empty() || line[0] == '#' || line.rfind("ancien_nom", 0) == 0) continue;
            const size_t a = line.find('\t'), b = line.find('\t', a + 1),
                         c = line.find('\t', b + 1);
            out.emplace_back(detail::fold(line.substr(0, a)),
                             detail::fold(line.substr(a + 1, b - a - 1)),
                             line.substr(b + 1, c - b - 1));
        }
        return out;
    }();
    auto named = [&o](const std::string& name) {
        for (const std::string* field : {&o.nom, &o.structure_nom})
            if ((" " + detail::fold(*field) + " ").find(" " + name + " ") != std::string::npos)
                return true;
        return false;
    };
    std::string f = o.date_maj;
    for (auto& [old_name, new_name, date] : rows)
        if (named(new_name) && f < date) f = date;
    for (auto& [old_name, new_name, date] : rows)
        if (!f.empty() && named(old_name) && !named(new_name))
            f = std::min(f, parse_date(date).plus_days(-1).to_string());
    return f;
}

int hand_completeness(const Offer& o) {
    return int(!o.telephone.empty()) + int(!o.courriel.empty()) + int(!o.horaires_accueil.empty()) +
           int(o.location() && !o.location_approximate) + int(!o.description.empty());
}

bool hand_before(const Offer& a, const Offer& b) {
    return std::make_tuple(hand_freshness(a), hand_completeness(a), b.id) >
           std::make_tuple(hand_freshness(b), hand_completeness(b), a.id);
}

std::string write_table(const testing::TempDir& dir, const std::string& rows) {
    const fs::path file = dir.path() / "renamed.tsv";
    std::ofstream(file) << "# version 1\nancien_nom\tnouveau_nom\tdate\tsource\n" << rows;
    return file.string();
}

}  // namespace

TEST_CASE("Every row of the renamed organisations' table is valid and sourced", "[duplicates]") {
    const std::vector<Renaming> table = detail::read_renamings(table_file);
    REQUIRE(table.size() == std::size(row_examples));
    for (const Renaming& r : table) {
        INFO(r.old_name);
        CHECK(r.date.valid());
        CHECK(Date{1990, 1, 1} < r.date);
        CHECK(r.date < Date{2027, 1, 1});
        CHECK(r.source.size() > 40);  // a text and what it says, not a word
        CHECK_FALSE(detail::name_holds(r.new_name, r.old_name));
    }
    CHECK(detail::renamings().size() == table.size());
}

TEST_CASE("Each renamed organisation's old name matches its old form and not the current name",
          "[duplicates]") {
    const std::vector<Renaming> table = detail::read_renamings(table_file);
    for (const RowExample& example : row_examples) {
        INFO(example.old_name);
        const auto row = std::find_if(table.begin(), table.end(), [&](const Renaming& r) {
            return r.old_name == example.old_name;
        });
        REQUIRE(row != table.end());
        CHECK(detail::name_holds(example.old_example, row->old_name));
        CHECK_FALSE(detail::name_holds(example.current_example, row->old_name));
        CHECK(detail::name_holds(example.current_example, row->new_name));
        // A name holding the old words inside another word is not the old name.
        CHECK_FALSE(detail::name_holds("X" + row->old_name + "X", row->old_name));
    }
}

TEST_CASE("A bad row of the renamed organisations' table is refused in French with its line",
          "[duplicates]") {
    testing::TempDir dir("renamed-bad");
    const std::pair<const char*, const char*> bad[] = {
        {"Pôle emploi\tFrance Travail\t2024-13-01\tune loi\n", "date invalide"},
        {"Pôle emploi\tFrance Travail\t2024-01-01\n", "4 colonnes"},
        {"Pôle emploi\t\t2024-01-01\tune loi\n", "obligatoires"},
        {"Pôle emploi\tPôle emploi France\t2024-01-01\tune loi\n", "contient l'ancien"},
    };
    for (auto [rows, why] : bad) {
        INFO(rows);
        try {
            detail::read_renamings(write_table(dir, rows));
            FAIL("accepted");
        } catch (const DataError& e) {
            CHECK_THAT(e.what(), Catch::Contains(why) && Catch::Contains("renamed.tsv:3 : "));
        }
    }
}

TEST_CASE("A record under an old name is older than the renaming, one under the new name newer",
          "[duplicates]") {
    const std::vector<Renaming>& table = detail::renamings();
    Offer old_name, new_name;
    old_name.nom = "Pôle emploi Dammarie les Lys";
    new_name.nom = "France Travail - DAMMARIE LES LYS";
    // No date: the names alone say which is fresher.
    CHECK(detail::freshness(new_name, table) == "2024-01-01");
    CHECK(detail::freshness(old_name, table) == "2008-12-19");  // Pôle emploi, ANPE's new name
    // A stale export's recent date does not make the old name current.
    old_name.date_maj = "2025-06-30";
    CHECK(detail::freshness(old_name, table) == "2023-12-31");
    old_name.date_maj = "2019-03-04";
    CHECK(detail::freshness(old_name, table) == "2019-03-04");
    // Both names (an agency named during the change): the new name is borne, no cap.
    old_name.nom = "Pôle emploi (France Travail) Dammarie";
    old_name.date_maj = "2025-06-30";
    CHECK(detail::freshness(old_name, table) == "2025-06-30");
    CHECK(detail::stands_before(new_name, Offer{}, table));
}

TEST_CASE("Phones and e-mails are read one by one and normalised", "[duplicates]") {
    using V = std::vector<std::string>;
    CHECK(detail::phone_numbers("01.64.79.59.39 / +33 6 12 34 56 78") ==
          V{"01 64 79 59 39", "06 12 34 56 78"});
    CHECK(detail::phone_numbers("0164795939 - 01 64 79 59 39") == V{"01 64 79 59 39"});
    CHECK(detail::phone_numbers("01 64 79 59 39 ou 06 12 34 56 78") ==
          V{"01 64 79 59 39", "06 12 34 56 78"});
    CHECK(detail::phone_numbers("3949") == V{"3949"});
    CHECK(detail::phone_numbers("").empty());
    CHECK(detail::email_addresses("Accueil@Mairie.fr ; mailto:autre@x.fr, pas une adresse") ==
          V{"accueil@mairie.fr", "autre@x.fr"});
}

TEST_CASE("The Dammarie pair: France Travail's record stands for the cluster, not Pôle emploi's",
          "[duplicates]") {
    const Index& index = real().index;
    const auto old_one = index.get("pole-emploi-2019--IDF0334006044");
    const auto new_one = index.get("prescripteurs--735");
    REQUIRE(old_one);
    REQUIRE(new_one);
    REQUIRE(new_one->doublons == std::vector<std::string>{old_one->id});
    CHECK(new_one->doublon_prefere);
    CHECK_FALSE(old_one->doublon_prefere);
    Query q;
    q.place = "Dammarie-les-Lys";
    q.radius_km = 1;
    q.limit = 1000;
    q.exclude_duplicates = true;
    std::set<std::string> kept;
    for (const Hit& h : index.search(q).hits) kept.insert(h.offer.id);
    CHECK(kept.count(new_one->id));
    CHECK_FALSE(kept.count(old_one->id));
}

TEST_CASE("exclude_duplicates keeps, per cluster, the freshest then most complete member",
          "[duplicates]") {
    const Index& index = real().index;
    size_t renamed_decided = 0;
    for (const char* place : {"Le Mans", "insee:93066", "Melun", "Saint-Denis (974)"}) {
        Query q;
        q.place = place;
        q.radius_km = 30;
        q.limit = 10000;
        const Results all = index.search(q);
        q.exclude_duplicates = true;
        const Results kept = index.search(q);
        std::map<std::set<std::string>, const Offer*> best;
        std::set<std::string> expected;
        for (auto& h : all.hits) {
            if (h.offer.doublons.empty()) {
                expected.insert(h.offer.id);
                continue;
            }
            std::set<std::string> key(h.offer.doublons.begin(), h.offer.doublons.end());
            key.insert(h.offer.id);
            const Offer*& b = best[key];
            if (b && hand_freshness(h.offer) != hand_freshness(*b) &&
                h.offer.date_maj == b->date_maj)
                ++renamed_decided;
            if (!b || hand_before(h.offer, *b)) b = &h.offer;
        }
        for (auto& [key, o] : best) expected.insert(o->id);
        std::set<std::string> got;
        for (auto& h : kept.hits) got.insert(h.offer.id);
        INFO("near " << place);
        CHECK(got == expected);
        CHECK(kept.total == expected.size());
        CHECK(kept.total < all.total);
    }
    CHECK(renamed_decided > 10);  // the table decides real clusters, not only Dammarie
}

TEST_CASE("Every member of a cluster carries the phones and e-mails of all its members",
          "[duplicates]") {
    const Index& index = real().index;
    size_t pooled_more = 0;
    for (const DuplicateCluster& c : index.duplicates()) {
        std::vector<Offer> members;
        for (const std::string& id : c.ids) members.push_back(*index.get(id));
        std::set<std::string> phones, mails;
        for (const Offer& m : members) {
            for (auto& p : detail::phone_numbers(m.telephone)) phones.insert(p);
            for (auto& a : detail::email_addresses(m.courriel)) mails.insert(a);
        }
        for (const Offer& m : members) {
            INFO(m.id);
            CHECK(std::set<std::string>(m.telephones.begin(), m.telephones.end()) == phones);
            CHECK(std::set<std::string>(m.courriels.begin(), m.courriels.end()) == mails);
            CHECK(m.telephones.size() == phones.size());  // each once
            // The member's own first.
            const auto own = detail::phone_numbers(m.telephone);
            CHECK(std::equal(own.begin(), own.end(), m.telephones.begin()));
            pooled_more += m.telephones.size() > own.size();
        }
    }
    CHECK(pooled_more > 100);
}

TEST_CASE("Clusters of random offers list their members in the rule's order", "[duplicates]") {
    // Offers drawn among old and new names, dates around the renamings, and facts filled or not;
    // random clusters of two to four sources joined by pairs; each cluster's order against the
    // rule applied by hand.
    std::mt19937 random(16);
    const char* names[] = {"Pôle emploi",       "France Travail", "Maison de services au public",
                           "France services",   "MSAP",           "ANPE",
                           "Atelier numérique", "DIRECCTE"};
    const char* dates[] = {"",           "2007-05-01", "2008-12-19", "2019-06-01", "2019-12-31",
                           "2022-03-01", "2023-12-31", "2024-01-01", "2025-02-02"};
    std::vector<Offer> offers;
    std::vector<detail::DuplicatePair> pairs;
    auto pick = [&random](size_t n) { return static_cast<size_t>(random() % n); };
    for (int group = 0; group < 3000; ++group) {
        const size_t size = 2 + pick(3), first = offers.size();
        for (size_t k = 0; k < size; ++k) {
            Offer o;
            o.source = "s" + std::to_string(k);
            o.id = o.source + "--" + std::to_string(pick(1000000));
            o.nom = std::string(names[pick(std::size(names))]) + " Melun";
            if (pick(4) == 0) o.structure_nom = names[pick(std::size(names))];
            o.date_maj = dates[pick(std::size(dates))];
            if (pick(2)) o.telephone = "01 64 00 00 0" + std::to_string(k);
            if (pick(2)) o.courriel = "accueil@melun.fr";
            if (pick(2)) o.horaires_accueil = "Mo-Fr 09:00-12:00";
            if (pick(2)) o.description = "Accueil";
            if (pick(3)) o.latitude = 48.54, o.longitude = 2.66, o.location_approximate = pick(2);
            offers.push_back(o);
            if (k > 0) {
                detail::DuplicatePair p{
                    static_cast<uint32_t>(first), static_cast<uint32_t>(offers.size() - 1), {}};
                p.evidence.same_siret = true;
                pairs.push_back(p);
            }
        }
    }
    std::vector<const Offer*> pointers;
    for (const Offer& o : offers) pointers.push_back(&o);
    const auto clusters = detail::duplicate_clusters(pointers, pairs, detail::renamings());
    REQUIRE(clusters.size() == 3000);
    size_t decided_by_names = 0;
    for (const auto& members : clusters) {
        std::vector<uint32_t> expected = members;
        std::sort(expected.begin(), expected.end(),
                  [&](uint32_t a, uint32_t b) { return hand_before(offers[a], offers[b]); });
        CHECK(members == expected);
        decided_by_names += hand_freshness(offers[members[0]]) != offers[members[0]].date_maj;
    }
    CHECK(decided_by_names > 300);
}
