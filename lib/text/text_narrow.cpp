// Narrowing a text query's candidates (text_plan.hpp): the most selective slot, which of a
// vocabulary slot's expressions its codes cover, and the walk of the slot's postings through the
// candidates.

#include <algorithm>
#include <limits>
#include <optional>

#include "text/postings.hpp"
#include "text/text_plan.hpp"

namespace cartoffre::detail {

Selective most_selective(const Plan& plan, const CodeTests& tests, const Covered& covered) {
    Selective best;
    double best_postings = std::numeric_limits<double>::infinity();
    for (size_t slot = 0; slot < plan.terms.size(); ++slot) {
        const bool tested = slot < tests.size() && tests[slot];
        std::vector<size_t> rarest;
        double coded = 0;  // documents the tested codes may add
        for (size_t a = 0; a < plan.terms[slot].size(); ++a) {
            if (slot < covered.size() && covered[slot][a]) continue;
            const auto& expression = plan.terms[slot][a];
            size_t r = expression.front();
            for (size_t i : expression)
                if (plan.frequency[i] < plan.frequency[r]) r = i;
            if (tested && plan.coded[slot][a])
                coded += plan.frequency[r];
            else
                rarest.push_back(r);
        }
        std::sort(rarest.begin(), rarest.end());
        rarest.erase(std::unique(rarest.begin(), rarest.end()), rarest.end());
        double walked = 0;
        for (size_t r : rarest) walked += plan.frequency[r];
        if (walked + coded < best_postings) {
            best_postings = walked + coded;
            best = {slot, std::move(rarest), tested, walked / plan.documents};
        }
    }
    return best;
}

bool postings_covered(const ForwardIndex& forward, uint32_t number,
                      const std::vector<uint32_t>& codes) {
    const auto [begin, end] = forward.postings(number);
    std::vector<std::pair<const uint32_t*, const uint32_t*>> lists;
    for (uint32_t code : codes) lists.push_back(forward.postings(code));
    for (const uint32_t* p = begin; p < end; ++p) {
        bool found = false;
        for (auto& [at, last] : lists) {
            at = gallop(at, last, *p);
            if (at < last && *at == *p) {
                found = true;
                break;
            }
        }
        if (!found) return false;
    }
    return true;
}

std::vector<uint32_t> narrow(const ForwardIndex& forward, const Plan& plan,
                             const std::vector<uint32_t>* within, const Selective& selective,
                             const std::function<bool(uint32_t)>* test, const CodeColumns* codes) {
    std::vector<uint32_t> out;
    // A posting array up to `bits_ratio` times as long as the candidates is read whole against
    // their bits; a longer one skips through them.
    constexpr size_t bits_ratio = 4;
    std::optional<CandidateBits> bits;
    for (size_t i : selective.stems) {
        const auto [begin, end] = forward.postings(plan.wanted.numbers[i]);
        if (within && static_cast<size_t>(end - begin) <= bits_ratio * within->size()) {
            if (!bits) bits.emplace(*within, forward.documents());
            bits->within(begin, end, out);
        } else {
            postings_within(begin, end, within, out);
        }
    }
    if (selective.stems.size() > 1) unite(out);
    if (!test || !within) return out;
    // One pass over the candidates: those the words hold, and the others carrying a code.
    std::vector<uint32_t> kept;
    kept.reserve(within->size());
    size_t w = 0;
    constexpr size_t ahead = 8;  // columns asked for before their turn: the reads overlap
    for (size_t i = 0; i < within->size(); ++i) {
        if (i + ahead < within->size()) codes->prefetch((*within)[i + ahead]);
        const uint32_t doc = (*within)[i];
        while (w < out.size() && out[w] < doc) ++w;
        if ((w < out.size() && out[w] == doc) || (*test)(doc)) kept.push_back(doc);
    }
    return kept;
}

}  // namespace cartoffre::detail
