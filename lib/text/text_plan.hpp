#pragma once
// A query of the text index ready to run, and the narrowing of candidates by its most selective
// slot (text_narrow.cpp): what text_index.cpp finds documents with before their records weigh
// them.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "text/text_forward.hpp"
#include "text/text_index.hpp"

namespace cartoffre::detail {

inline constexpr size_t no_group = SIZE_MAX;

// A query ready to run: slots AND-ed, each any of its alternatives, each all of its stems.
struct Plan {
    std::vector<std::vector<std::vector<std::string>>> slots;  // slot, alternative, stems
    std::vector<size_t> groups;     // each slot's synonym group, or no_group for a word alone
    WantedStems wanted;             // distinct stems
    std::vector<double> frequency;  // documents holding each of `wanted.numbers`
    std::vector<double> idf;        // of each of `wanted.numbers`
    // Per slot and alternative, its stems as indexes into `wanted.numbers`.
    std::vector<std::vector<std::vector<size_t>>> terms;
    // Per slot and alternative of `terms`, whether it is a code term; per slot, those code terms.
    std::vector<std::vector<bool>> coded;
    std::vector<std::vector<std::string>> code_terms;
    double average_length = 1;
    double documents = 1;  // in the index, at least 1
};

// A test of the candidates for a slot's codes (CodeColumns::any_of), per slot; empty functions
// where the codes are read from their postings.
using CodeTests = std::vector<std::function<bool(uint32_t)>>;

// Per slot and alternative of a plan, whether every document holding the alternative carries one
// of the slot's codes (TextIndex::Impl::covered): the codes find it, its postings need no walk.
using Covered = std::vector<std::vector<bool>>;

// The slot that leaves the fewest documents: the rarest stem of each of its expressions (any of
// which matches the slot), each stem counted once, but for the expressions its codes cover. Its
// word stems' postings are walked; its code terms, when `tests` has a test for the slot, are
// tested on the candidates instead.
struct Selective {
    size_t slot = 0;
    std::vector<size_t> stems;  // walked: indexes into the plan's stems, sorted, unique
    // The walked expressions of the slot (indexes of its alternatives): a document a stem's
    // walk finds counts when it holds the other stems of one of them too.
    std::vector<size_t> expressions;
    bool tested = false;  // the slot's codes are told by tests[slot]
    double share = 1;     // of the documents, held by the walked stems at most
};

// The slot of `plan` that leaves the fewest documents, as Selective says.
Selective most_selective(const Plan& plan, const CodeTests& tests, const Covered& covered);

// Whether every document holding stem `number` holds one of the stems `codes`, by their postings.
bool postings_covered(const ForwardIndex& forward, uint32_t number,
                      const std::vector<uint32_t>& codes);

// The documents among `within` (all when null) that may match the plan: those holding the
// selected slot, by its walked expressions' postings (a rarest stem's walked, the others'
// skipped through for what it finds) or, when its codes are tested, by `test` (only with
// `within`). Exactly the slot's holders: the other slots are for the records to say. Sorted,
// unique.
std::vector<uint32_t> narrow(const ForwardIndex& forward, const Plan& plan,
                             const std::vector<uint32_t>* within, const Selective& selective,
                             const std::function<bool(uint32_t)>* test, const CodeColumns* codes);

}  // namespace cartoffre::detail
