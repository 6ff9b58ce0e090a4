#include "coverage/node_tallies.hpp"

#include <algorithm>

namespace cartoffre::detail {

NodeTallies::NodeTallies(const OfferTree& tree, OfferJudge& judge,
                         const std::vector<Subject>& subjects, uint32_t wanted)
    : m_tree(tree),
      m_judge(judge),
      m_subjects(subjects),
      m_wanted(wanted),
      m_tallies(tree.levels()) {
    for (uint32_t level = 0; level < tree.levels(); ++level)
        m_tallies[level].resize(tree.nodes_at(level));
}

void NodeTallies::count(uint32_t level, uint32_t number, const std::vector<uint32_t>& keys,
                        std::vector<size_t>& counts) {
    const Tally& t = tally(level, number);
    const size_t n = m_subjects.size();
    counts.assign(t.everywhere.begin(), t.everywhere.end());
    // Both key lists are sorted: one pass over the shorter's matches.
    for (size_t i = 0, k = 0; i < t.keys.size() && k < keys.size();) {
        if (t.keys[i] < keys[k]) {
            ++i;
        } else if (keys[k] < t.keys[i]) {
            ++k;
        } else {
            for (size_t j = 0; j < n; ++j) counts[j] += t.by_key[i * n + j];
            ++i;
            ++k;
        }
    }
    for (const ListedOffer& listed : t.several) {
        if (!m_judge.open_to(listed.position, keys)) continue;
        for (size_t j = 0; j < n; ++j)
            counts[j] += m_judge.in_subject(listed.position, listed.categories, m_subjects[j]);
    }
}

const NodeTallies::Tally& NodeTallies::tally(uint32_t level, uint32_t number) {
    std::unique_ptr<Tally>& made = m_tallies[level][number];
    if (made) return *made;
    made = std::make_unique<Tally>();
    Tally& t = *made;
    t.everywhere.assign(m_subjects.size(), 0);
    if (level <= 1) {
        tally_entries(level, number, t);
    } else {  // from the nodes below, themselves tallied once
        const size_t first = size_t{number} * OfferTree::fanout;
        const size_t last = std::min(first + OfferTree::fanout, m_tree.nodes_at(level - 1));
        for (size_t child = first; child < last; ++child)
            add(t, tally(level - 1, static_cast<uint32_t>(child)));
    }
    return t;
}

void NodeTallies::tally_entries(uint32_t level, uint32_t number, Tally& t) {
    const size_t n = m_subjects.size();
    std::vector<std::pair<uint32_t, uint32_t>> keyed;  // (key, position) of single-key offers
    const auto [first, last] = m_tree.entries_of(level, number);
    for (size_t i = first; i < last; ++i) {
        const OfferEntry& e = m_tree.entry(i);
        if (!(e.categories & m_wanted) || !m_judge.passes(e.position)) continue;
        if (m_judge.open_everywhere(e.position)) {
            for (size_t j = 0; j < n; ++j)
                t.everywhere[j] += m_judge.in_subject(e.position, e.categories, m_subjects[j]);
        } else if (const uint32_t key = m_judge.single_key(e.position); key != UINT32_MAX) {
            keyed.emplace_back(key, static_cast<uint32_t>(i));
        } else {
            t.several.push_back({e.position, e.categories});
        }
    }
    std::sort(keyed.begin(), keyed.end());
    for (const auto& [key, i] : keyed) {
        if (t.keys.empty() || t.keys.back() != key) {
            t.keys.push_back(key);
            t.by_key.resize(t.by_key.size() + n, 0);
        }
        const OfferEntry& e = m_tree.entry(i);
        uint32_t* row = &t.by_key[t.by_key.size() - n];
        for (size_t j = 0; j < n; ++j)
            row[j] += m_judge.in_subject(e.position, e.categories, m_subjects[j]);
    }
}

void NodeTallies::add(Tally& to, const Tally& from) const {
    const size_t n = m_subjects.size();
    for (size_t j = 0; j < n; ++j) to.everywhere[j] += from.everywhere[j];
    to.several.insert(to.several.end(), from.several.begin(), from.several.end());
    // Merge the sorted key lists.
    std::vector<uint32_t> keys, by_key;
    keys.reserve(to.keys.size() + from.keys.size());
    by_key.reserve(to.by_key.size() + from.by_key.size());
    size_t a = 0, b = 0;
    while (a < to.keys.size() || b < from.keys.size()) {
        const bool take_a =
            b == from.keys.size() || (a < to.keys.size() && to.keys[a] <= from.keys[b]);
        const bool take_b =
            a == to.keys.size() || (b < from.keys.size() && from.keys[b] <= to.keys[a]);
        keys.push_back(take_a ? to.keys[a] : from.keys[b]);
        const size_t row = by_key.size();
        by_key.resize(row + n, 0);
        for (size_t j = 0; j < n; ++j)
            by_key[row + j] =
                (take_a ? to.by_key[a * n + j] : 0) + (take_b ? from.by_key[b * n + j] : 0);
        a += take_a;
        b += take_b;
    }
    to.keys = std::move(keys);
    to.by_key = std::move(by_key);
}

}  // namespace cartoffre::detail
