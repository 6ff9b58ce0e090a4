#include "index/placement.hpp"

#include "cartoffre/error.hpp"
#include "detail/files.hpp"
#include "index/snapshot.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

constexpr const char* lists_kind = "offer lists";
constexpr const char* trees_kind = "offer trees";
// The sections of lists.bin, in the order write_placement adds them.
namespace section {
enum : size_t {
    commune_begin,
    commune_offers,
    remote_zone_begin,
    remote_zone_offers,
    remote_anywhere,
    remote_anywhere_in_begin,
    remote_anywhere_in,
    unplaced,
    count
};
}

// Offers listed by group (commune, zone key, category), in position order within a group:
// begin[g] .. begin[g + 1] in `listed`. `groups_of(columns, emit)` calls emit(g) for each group
// of an offer; `entry(position, columns)` is what the list holds.
template <class T, class GroupsOf, class Entry>
void list_by_group(const std::vector<OfferColumns>& columns, size_t groups, GroupsOf groups_of,
                   Entry entry, SectionsWriter& out) {
    std::vector<uint32_t> begin(groups + 1, 0);
    for (const OfferColumns& c : columns) groups_of(c, [&](uint32_t g) { ++begin[g + 1]; });
    for (size_t g = 0; g < groups; ++g) begin[g + 1] += begin[g];
    std::vector<T> listed(begin[groups]);
    std::vector<uint32_t> fill(begin.begin(), begin.end() - 1);
    for (uint32_t p = 0; p < columns.size(); ++p)
        groups_of(columns[p], [&](uint32_t g) { listed[fill[g]++] = entry(p, columns[p]); });
    out.add(begin);
    out.add(listed);
}

// Checks a list's group starts: one more than the groups, rising, the last at the list's end.
void check_begins(const Sections& file, Array<uint32_t> begin, size_t listed, const char* what) {
    for (size_t g = 1; g < begin.size(); ++g)
        if (begin[g] < begin[g - 1]) file.fail(std::string(what) + " : débuts dans le désordre");
    if (begin[begin.size() - 1] != listed)
        file.fail(std::string(what) + " : ne finissent pas avec la liste");
}

template <class T>
void check_positions(const Sections& file, Array<T> listed, size_t offers, const char* what) {
    for (const T& entry : listed) {
        uint32_t position;
        if constexpr (std::is_same_v<T, ListedOffer>)
            position = entry.position;
        else
            position = entry;
        if (position >= offers)
            file.fail(std::string(what) + " : nomment l'offre " + std::to_string(position) +
                      " sur " + std::to_string(offers));
    }
}

}  // namespace

void write_placement(const fs::path& dir, const std::vector<OfferColumns>& columns,
                     const std::vector<uint32_t>& zones, std::optional<uint32_t> france_key,
                     const PlacementShape& shape) {
    std::vector<UnitVector> units(columns.size());
    for (size_t p = 0; p < columns.size(); ++p)
        if (columns[p].flags & flag_located)
            units[p] = unit_vector({columns[p].lat, columns[p].lon});
    write_file(dir / files::units,
               {reinterpret_cast<const char*>(units.data()), units.size() * sizeof(UnitVector)});

    auto open_anywhere = [&](const OfferColumns& c) {
        return open_everywhere(c, zones.data(), france_key);
    };
    auto listed = [](uint32_t p, const OfferColumns& c) { return ListedOffer{p, c.categories}; };
    auto position = [](uint32_t p, const OfferColumns&) { return p; };
    SectionsWriter lists;
    list_by_group<ListedOffer>(
        columns, shape.communes,
        [](const OfferColumns& c, auto emit) {
            if ((c.flags & flag_in_person) && c.commune != no_commune) emit(c.commune);
        },
        listed, lists);
    list_by_group<ListedOffer>(
        columns, shape.zone_keys,
        [&](const OfferColumns& c, auto emit) {
            if ((c.flags & flag_remote) && !open_anywhere(c))
                for (uint32_t z = 0; z < c.zones_count; ++z) emit(zones[c.zones_begin + z]);
        },
        listed, lists);
    std::vector<uint32_t> anywhere;
    for (uint32_t p = 0; p < columns.size(); ++p)
        if ((columns[p].flags & flag_remote) && open_anywhere(columns[p])) anywhere.push_back(p);
    lists.add(anywhere);
    list_by_group<uint32_t>(
        columns, shape.categories,
        [&](const OfferColumns& c, auto emit) {
            if ((c.flags & flag_remote) && open_anywhere(c))
                for (uint32_t bits = c.categories; bits; bits &= bits - 1)
                    emit(static_cast<uint32_t>(__builtin_ctz(bits)));
        },
        position, lists);
    // The offers no local search finds (neither coordinates, nor commune, nor remote): a local
    // search counts those matching it from this list alone.
    std::vector<uint32_t> unplaced;
    for (uint32_t p = 0; p < columns.size(); ++p)
        if (is_unplaced(columns[p])) unplaced.push_back(p);
    lists.add(unplaced);
    write_file(dir / files::lists, lists.bytes(lists_kind));

    // Trees: of all located in-person offers, then of each category's.
    SectionsWriter trees;
    for (size_t tree = 0; tree <= shape.categories; ++tree) {
        const uint32_t wanted = tree == 0 ? 0 : uint32_t{1} << (tree - 1);
        std::vector<OfferEntry> entries;
        for (uint32_t p = 0; p < columns.size(); ++p) {
            const OfferColumns& c = columns[p];
            if (!(c.flags & flag_located) || !(c.flags & flag_in_person)) continue;
            if (wanted && !(c.categories & wanted)) continue;
            entries.push_back({c.lon, c.lat, p, c.categories});
        }
        OfferTree::pack(std::move(entries), trees);
    }
    write_file(dir / files::trees, trees.bytes(trees_kind));
}

Placement::Placement(const fs::path& dir, const PlacementShape& shape)
    : m_units_file(dir / files::units),
      m_lists(dir / files::lists, lists_kind),
      m_tree_file(dir / files::trees, trees_kind) {
    if (m_units_file.size() != shape.offers * sizeof(UnitVector))
        throw IndexError("fichier d'index " + (dir / files::units).string() +
                         " abîmé : " + std::to_string(m_units_file.size()) + " octets, " +
                         std::to_string(shape.offers * sizeof(UnitVector)) + " attendus");
    m_units = {reinterpret_cast<const UnitVector*>(m_units_file.data()), shape.offers};

    if (m_lists.count() != section::count) m_lists.fail("il a d'autres sections");
    m_commune_begin = m_lists.array<uint32_t>(section::commune_begin, shape.communes + 1);
    m_commune_offers = m_lists.array<ListedOffer>(section::commune_offers);
    m_remote_zone_begin = m_lists.array<uint32_t>(section::remote_zone_begin, shape.zone_keys + 1);
    m_remote_zone_offers = m_lists.array<ListedOffer>(section::remote_zone_offers);
    m_remote_anywhere = m_lists.array<uint32_t>(section::remote_anywhere);
    m_remote_anywhere_in_begin =
        m_lists.array<uint32_t>(section::remote_anywhere_in_begin, shape.categories + 1);
    m_remote_anywhere_in = m_lists.array<uint32_t>(section::remote_anywhere_in);
    m_unplaced = m_lists.array<uint32_t>(section::unplaced);
    check_begins(m_lists, m_commune_begin, m_commune_offers.size(), "listes par commune");
    check_begins(m_lists, m_remote_zone_begin, m_remote_zone_offers.size(), "listes par zone");
    check_begins(m_lists, m_remote_anywhere_in_begin, m_remote_anywhere_in.size(),
                 "listes par catégorie");
    check_positions(m_lists, m_commune_offers, shape.offers, "listes par commune");
    check_positions(m_lists, m_remote_zone_offers, shape.offers, "listes par zone");
    check_positions(m_lists, m_remote_anywhere, shape.offers, "listes à distance");
    check_positions(m_lists, m_remote_anywhere_in, shape.offers, "listes par catégorie");
    check_positions(m_lists, m_unplaced, shape.offers, "liste sans lieu");

    if (m_tree_file.count() != 2 * (shape.categories + 1))
        m_tree_file.fail("il a " + std::to_string(m_tree_file.count() / 2) + " arbres, pas " +
                         std::to_string(shape.categories + 1));
    for (size_t tree = 0; tree <= shape.categories; ++tree)
        m_trees.emplace_back(m_tree_file, 2 * tree, shape.offers);
}

}  // namespace cartoffre::detail
