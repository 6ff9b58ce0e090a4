// The narrowing's list operations (text/postings.hpp) against std::set_intersection on random
// posting arrays and candidate sets shaped as a place's: runs of neighbouring positions and
// scattered remote offers.

#include "text/postings.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <iterator>
#include <random>

using namespace cartoffre::detail;

namespace {

std::vector<uint32_t> random_sorted(std::mt19937_64& rng, uint32_t documents, double share) {
    std::vector<uint32_t> out;
    std::bernoulli_distribution keep(share);
    for (uint32_t p = 0; p < documents; ++p)
        if (keep(rng)) out.push_back(p);
    return out;
}

std::vector<uint32_t> place_candidates(std::mt19937_64& rng, uint32_t documents) {
    std::vector<uint32_t> out;
    const uint32_t start = static_cast<uint32_t>(rng() % documents);
    const uint32_t length = static_cast<uint32_t>(rng() % (documents / 8 + 1));
    for (uint32_t p = start; p < std::min(documents, start + length); ++p)
        if (rng() % 3) out.push_back(p);
    for (int i = static_cast<int>(rng() % 200); i > 0; --i)
        out.push_back(static_cast<uint32_t>(rng() % documents));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

TEST_CASE("postings: the candidates' bits keep what both lists hold, as skipping does", "[text]") {
    std::mt19937_64 rng(7);
    const uint32_t documents = 20000;
    for (int round = 0; round < 300; ++round) {
        const double share = std::vector<double>{0.0005, 0.01, 0.1, 0.5, 1.0}[rng() % 5];
        const std::vector<uint32_t> postings = random_sorted(rng, documents, share);
        const std::vector<uint32_t> candidates = place_candidates(rng, documents);
        std::vector<uint32_t> expected;
        std::set_intersection(postings.begin(), postings.end(), candidates.begin(),
                              candidates.end(), std::back_inserter(expected));
        std::vector<uint32_t> skipped, by_bits{42};  // appended after what `out` holds
        postings_within(postings.data(), postings.data() + postings.size(), &candidates, skipped);
        CHECK(skipped == expected);
        {
            const CandidateBits bits(candidates, documents);
            bits.within(postings.data(), postings.data() + postings.size(), by_bits);
            bits.within(postings.data(), postings.data() + postings.size(), by_bits);  // twice
        }
        REQUIRE(by_bits.size() == 1 + 2 * expected.size());
        CHECK(by_bits[0] == 42);
        CHECK(std::equal(expected.begin(), expected.end(), by_bits.begin() + 1));
        CHECK(std::equal(expected.begin(), expected.end(),
                         by_bits.begin() + 1 + static_cast<std::ptrdiff_t>(expected.size())));
    }
}

TEST_CASE("postings: the candidates' bits are cleared after a search", "[text]") {
    const std::vector<uint32_t> all{0, 1, 2, 63, 64, 999};
    const std::vector<uint32_t> first{1, 64, 999};
    {
        const CandidateBits bits(first, 1000);
        std::vector<uint32_t> out;
        bits.within(all.data(), all.data() + all.size(), out);
        CHECK(out == std::vector<uint32_t>{1, 64, 999});
    }
    // The same thread's next search starts from no candidate; one past the documents is
    // ignored.
    const std::vector<uint32_t> next{2, 5000};
    const CandidateBits bits(next, 1000);
    std::vector<uint32_t> out;
    bits.within(all.data(), all.data() + all.size(), out);
    CHECK(out == std::vector<uint32_t>{2});
}

TEST_CASE("sort_unique equals sorting and removing repeats, dense or sparse") {
    std::mt19937 rng(11);
    for (int round = 0; round < 200; ++round) {
        // Dense (a city's candidates) to sparse (remote offers all over the positions).
        const uint32_t span = 1 + rng() % (round < 100 ? 5000 : 5000000);
        std::vector<uint32_t> positions(rng() % 3000);
        const uint32_t from = rng() % 1000000;
        for (uint32_t& p : positions) p = from + rng() % span;
        std::vector<uint32_t> expected = positions;
        std::sort(expected.begin(), expected.end());
        expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
        cartoffre::detail::sort_unique(positions);
        CHECK(positions == expected);
    }
}
