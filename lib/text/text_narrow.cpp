// Narrowing a text query's candidates (text_plan.hpp): the most selective slot, which of a
// vocabulary slot's expressions its codes cover, and the walk of the slot's postings through the
// candidates.

#include <algorithm>
#include <limits>
#include <optional>

#include "text/postings.hpp"
#include "text/text_plan.hpp"

namespace cartoffre::detail {

namespace {

// The stem of `expression` (indexes into the plan's stems) held by the fewest documents, the
// first of them at equal counts: the one its walk reads.
size_t rarest_of(const Plan& plan, const std::vector<size_t>& expression) {
    size_t r = expression.front();
    for (size_t i : expression)
        if (plan.frequency[i] < plan.frequency[r]) r = i;
    return r;
}

// Keeps the documents of `docs` (sorted) holding stem `number`, by skipping through its postings.
void keep_holders(const ForwardIndex& forward, uint32_t number, std::vector<uint32_t>& docs) {
    auto [at, end] = forward.postings(number);
    size_t n = 0;
    for (uint32_t doc : docs) {
        at = gallop(at, end, doc);
        if (at == end) break;
        if (*at == doc) docs[n++] = doc;
    }
    docs.resize(n);
}

}  // namespace

Selective most_selective(const Plan& plan, const CodeTests& tests, const Covered& covered) {
    Selective best;
    double best_postings = std::numeric_limits<double>::infinity();
    for (size_t slot = 0; slot < plan.terms.size(); ++slot) {
        const bool tested = slot < tests.size() && tests[slot];
        std::vector<size_t> rarest, walked_expressions;
        double coded = 0;  // documents the tested codes may add
        for (size_t a = 0; a < plan.terms[slot].size(); ++a) {
            if (slot < covered.size() && covered[slot][a]) continue;
            const size_t r = rarest_of(plan, plan.terms[slot][a]);
            if (tested && plan.coded[slot][a]) {
                coded += plan.frequency[r];
            } else {
                rarest.push_back(r);
                walked_expressions.push_back(a);
            }
        }
        std::sort(rarest.begin(), rarest.end());
        rarest.erase(std::unique(rarest.begin(), rarest.end()), rarest.end());
        double walked = 0;
        for (size_t r : rarest) walked += plan.frequency[r];
        if (walked + coded < best_postings) {
            best_postings = walked + coded;
            best = {slot, std::move(rarest), std::move(walked_expressions), tested,
                    walked / plan.documents};
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
    const auto& alternatives = plan.terms[selective.slot];
    std::vector<uint32_t> found;
    size_t lists = 0;  // appended to `out`: more than one are united
    for (size_t i : selective.stems) {
        const auto [begin, end] = forward.postings(plan.wanted.numbers[i]);
        found.clear();
        if (within && static_cast<size_t>(end - begin) <= bits_ratio * within->size()) {
            if (!bits) bits.emplace(*within, forward.documents());
            bits->within(begin, end, found);
        } else {
            postings_within(begin, end, within, found);
        }
        // The expressions whose rarest stem this is: an expression of this stem alone takes
        // all it found; a longer one, what holds its other stems too.
        std::vector<const std::vector<size_t>*> longer;
        bool alone = false;
        for (size_t a : selective.expressions) {
            const auto& expression = alternatives[a];
            if (rarest_of(plan, expression) != i) continue;
            alone = alone || expression.size() == 1;
            longer.push_back(&expression);
        }
        if (alone || longer.empty()) {
            out.insert(out.end(), found.begin(), found.end());
            ++lists;
            continue;
        }
        for (const std::vector<size_t>* expression : longer) {
            std::vector<uint32_t> kept = found;
            for (size_t other : *expression)
                if (other != i) keep_holders(forward, plan.wanted.numbers[other], kept);
            out.insert(out.end(), kept.begin(), kept.end());
            ++lists;
        }
    }
    if (lists > 1) sort_unique(out);
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
