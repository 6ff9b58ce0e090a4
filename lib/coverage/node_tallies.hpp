#pragma once
// The offers of one node of the tree of all in-person offers that a coverage counts, tallied
// once per call, the first time a commune's circle holds the whole node: every commune whose
// circle holds it then adds the tally instead of walking its entries again. Around a dense city
// the circles of neighbouring communes hold the same nodes: Paris's twenty arrondissements walk
// the same tens of thousands of offers within 15 km.
//
// The filters and the person's verdict do not depend on the commune and are in the tally; the
// eligibility zones do: offers open everywhere are counted per subject, those open by one zone
// key per key and subject, and the few open by several keys are listed and judged per commune.

#include <cstdint>
#include <memory>
#include <vector>

#include "coverage/offer_judge.hpp"
#include "index/offer_tree.hpp"
#include "index/placement.hpp"

namespace cartoffre::detail {

class NodeTallies {
  public:
    NodeTallies(const OfferTree& tree, OfferJudge& judge, const std::vector<Subject>& subjects,
                uint32_t wanted);

    // Sets `counts` (one per subject) to the offers of node `number` of `level`
    // that residents of a commune of these zone keys (sorted) count.
    void count(uint32_t level, uint32_t number, const std::vector<uint32_t>& keys,
               std::vector<size_t>& counts);

  private:
    struct Tally {
        std::vector<uint32_t> everywhere;  // per subject
        std::vector<uint32_t> keys;        // sorted, for the offers open by that key alone
        std::vector<uint32_t> by_key;      // per key, then per subject
        std::vector<ListedOffer> several;  // open by several keys
    };
    const Tally& tally(uint32_t level, uint32_t number);
    void tally_entries(uint32_t level, uint32_t number, Tally& t);
    void add(Tally& to, const Tally& from) const;

    const OfferTree& m_tree;
    OfferJudge& m_judge;
    const std::vector<Subject>& m_subjects;
    uint32_t m_wanted;
    // Per level, per node, made at first use: most nodes never are.
    std::vector<std::vector<std::unique_ptr<Tally>>> m_tallies;
};

}  // namespace cartoffre::detail
