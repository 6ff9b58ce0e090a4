// The text index: posting arrays find documents by their words, a forward index weighs them,
// Xapian stems and corrects spelling.
//
// Terms: one unprefixed space of French stems (folded, stopwords dropped). A word of the name
// counts 6 times, of the thématiques 3 times, of the description once, so BM25 ranks name hits
// over theme hits over description hits with one posting list per stem; prefixed fields would
// triple the posting lists read per word, and the index size, for the same ordering. No
// positions (no phrase search), no termlists.
//
// Finding, in two steps so that the cheap filters of a search can run in between. Narrowing:
// the documents (among the candidates, if any) holding the query's most selective slot, read
// from the posting arrays (text_forward.hpp) with skips both ways, or against the candidates'
// bits: a superset of the matches (text_narrow.cpp). A slot of the field's vocabulary naming a
// common code (a public, a category) would unite long posting lists, or hold too many offers to
// narrow at all: around a place, its codes are tested on each candidate by the search's own
// columns (CodeColumns), and only its words are walked, but for those its codes cover.
// Checking: each remaining document's forward record says whether it holds every slot, and
// weighs it. Xapian's own matcher (Enquire) costs 100 to 300 ns a match at 1,000,000 documents
// and its posting iterators 60 to 100 ns a skip, measured, where an array step costs a few ns
// and a forward check 30 to 80. Xapian's database keeps only the spelling dictionary: documents
// in it (postings and statistics we no longer read) made three quarters of a build's time.
//
// Weighing: BM25 from the forward record (stem counts and length), the stems' document
// frequencies (their postings' lengths) and the collection's length (collection.txt).
//
// Files: the Xapian database (spellings); the forward index, terms.bin, forward.bin,
// forward.idx, postings.bin, postings.idx and collection.txt (their format is in
// text_forward.hpp); the synonyms and stopwords the index was built with
// (text_vocabulary.hpp).

#include "text/text_index.hpp"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "cartoffre/error.hpp"
#include "text/block_max.hpp"
#include "text/postings.hpp"
#include "text/text.hpp"
#include "text/text_forward.hpp"
#include "text/text_plan.hpp"
#include "text/text_vocabulary.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

// BM25 with Xapian's default parameters (block_max.hpp); the idf is the always-positive
// log(1 + (N - n + 0.5) / (n + 0.5)), so a word found in most documents still adds a little.

// Candidates are narrowed down by the posting lists only when the rarest slot is held by at most
// this share of the documents: walking a common word's postings costs more than it saves in
// record reads (measured on 1,000,000 generated offers: "emploi", in 46 % of them, is faster
// unnarrowed; "rsa", in 27 %, and rarer words, narrowed).
constexpr double narrowing_share = 0.3;

// A slot's codes are tested on the candidates' columns when one of them is held by at least this
// share of the documents; rarer ones are found faster by their postings (measured at 1,000,000
// generated offers: "cv", 1.4 %, is slower tested).
constexpr double tested_share = 0.05;

// The collection's statistics written next to the forward index: its number of documents and
// their average weighted length. Throws DataError.
void read_collection(const fs::path& dir, double& documents, double& average_length) {
    std::ifstream in(dir / collection_file);
    std::string documents_key, length_key;
    uint64_t count = 0, length = 0;
    if (!(in >> documents_key >> count >> length_key >> length) || documents_key != "documents" ||
        length_key != "length" || count > UINT32_MAX)
        throw DataError("fichier " + (dir / collection_file).string() + " abîmé ou absent");
    documents = static_cast<double>(count);
    average_length = count ? static_cast<double>(length) / static_cast<double>(count) : 1.0;
}

}  // namespace

struct TextIndex::Impl {
    // Xapian databases (the spelling dictionary) and stemmers are not thread-safe: each search
    // borrows one of these.
    struct Handle {
        Xapian::Database db;
        Xapian::Stem stemmer{"french"};
        std::vector<uint32_t> counts;  // scratch for the forward index
    };

    fs::path dir;
    TextVocabulary vocabulary;
    ForwardIndex forward;               // read-only, shared by all searches
    std::optional<BlockMax> block_max;  // written by an index build, not by write_text_index
    double documents = 0;
    double average_length = 1;  // of the documents' weighted lengths
    std::mutex mutex;
    std::vector<std::unique_ptr<Handle>> idle;
    // Whether a synonym group's codes cover the documents of one of its stems, by group << 32 |
    // stem number: learnt the first time a search asks, as the answer never changes for the
    // generation.
    std::mutex covered_mutex;
    std::unordered_map<uint64_t, bool> covered_stems;

    // Called whenever more searches run at once than ever before, at any time of the index's
    // life: the generation's directory stays on disk as long as its snapshot holds it
    // (index/lease.hpp), so that this opens even after later loads.
    std::unique_ptr<Handle> open() const {
        auto handle = std::make_unique<Handle>();
        handle->db = Xapian::Database(dir.string());
        return handle;
    }

    // An idle handle, or a new one when every handle is lent: the pool grows to the largest
    // number of concurrent searches and no further.
    std::unique_ptr<Handle> take() {
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (!idle.empty()) {
                auto handle = std::move(idle.back());
                idle.pop_back();
                return handle;
            }
        }
        return open();
    }

    void give_back(std::unique_ptr<Handle> handle) {
        std::lock_guard<std::mutex> lock(mutex);
        idle.push_back(std::move(handle));
    }

    // Runs `step(handle, plan)` for `text`, or returns what `result` says (no content word, or
    // a word found nowhere: unknown words and a suggestion) when nothing can match.
    template <class Step>
    TextResult run(std::string_view text, TextResult result, Step step);
    std::optional<Plan> plan_for(Handle& handle, std::string_view text, TextResult& result) const;
    bool prepare(Plan& plan) const;
    std::vector<TextMatch> check_each(Handle& handle, const Plan& plan,
                                      const std::vector<uint32_t>& candidates) const;
    std::optional<double> weigh(Handle& handle, const Plan& plan, uint32_t doc) const;
    Covered covered(const Plan& plan);
    void exact_bounds(const Plan& plan, TextResult& out) const;
};

TextIndex::TextIndex(const fs::path& dir) : m_impl(std::make_unique<Impl>()) {
    m_impl->dir = dir;
    std::error_code error;
    if (!fs::is_directory(dir, error))
        throw IndexError("pas d'index de texte dans " + dir.string() + " : reconstruire l'index");
    try {
        Xapian::Stem stemmer("french");
        m_impl->vocabulary = read_vocabulary(dir, stemmer);
        read_collection(dir, m_impl->documents, m_impl->average_length);
        m_impl->forward = ForwardIndex(dir, static_cast<uint32_t>(m_impl->documents));
        if (fs::exists(dir / block_max_file))
            m_impl->block_max.emplace(dir, m_impl->forward.stem_count(),
                                      static_cast<uint32_t>(m_impl->vocabulary.groups.size()),
                                      m_impl->forward.documents());
        m_impl->idle.push_back(m_impl->open());
    } catch (const DataError& e) {
        throw IndexError("index de texte " + dir.string() + " : " + e.what());
    } catch (const Xapian::Error& e) {
        throw IndexError(
            "impossible d'ouvrir l'index de texte " + dir.string() +
            ", absent ou abîmé : reconstruire l'index (Xapian : " + e.get_description() + ")");
    }
}

TextIndex::~TextIndex() = default;

template <class Step>
TextResult TextIndex::Impl::run(std::string_view text, TextResult result, Step step) {
    try {
        auto handle = take();
        if (std::optional<Plan> plan = plan_for(*handle, text, result))
            result.matches = step(*handle, *plan);
        give_back(std::move(handle));
        return result;
    } catch (const Xapian::Error& e) {
        // The handle that failed is dropped rather than lent again.
        throw IndexError("index de texte " + dir.string() +
                         " illisible (Xapian : " + e.get_description() + ")");
    }
}

TextResult TextIndex::find(std::string_view text, const std::vector<uint32_t>* within,
                           const CodeColumns* codes, bool few_weighed) const {
    TextResult exact;  // what exact_bounds says, moved into the result
    TextResult result = m_impl->run(text, {}, [&](Impl::Handle&, const Plan& plan) {
        std::vector<TextMatch> found;
        if (within && within->empty()) return found;
        // A slot naming a common code: the words' postings are walked, and the candidates the
        // words miss tested for the codes by their columns (rare codes' postings cost less).
        CodeTests tests;
        if (within && codes) {
            tests.resize(plan.terms.size());
            for (size_t slot = 0; slot < plan.terms.size(); ++slot) {
                bool common = false;
                for (size_t a = 0; a < plan.terms[slot].size(); ++a)
                    common =
                        common || (plan.coded[slot][a] && plan.frequency[plan.terms[slot][a][0]] >=
                                                              tested_share * plan.documents);
                if (common) tests[slot] = codes->any_of(plan.code_terms[slot]);
            }
        }
        const Selective selective = most_selective(plan, tests, m_impl->covered(plan));
        const bool exact_wanted = few_weighed && plan.terms.size() == 1 && m_impl->block_max;
        if (within && selective.share > narrowing_share && !exact_wanted) {
            // Common words narrow little: the candidates stay, their records will say.
            for (uint32_t doc : *within) found.push_back({doc, 0.0});
            return found;
        }
        const auto* test = selective.tested ? &tests[selective.slot] : nullptr;
        for (uint32_t doc : narrow(m_impl->forward, plan, within, selective, test, codes))
            found.push_back({doc, 0.0});
        if (plan.terms.size() == 1) m_impl->exact_bounds(plan, exact);
        return found;
    });
    if (exact.exact) {
        result.exact = true;
        result.bounds = std::move(exact.bounds);
        result.range_log2 = exact.range_log2;
    }
    return result;
}

// A query of one slot, narrowed: the narrowing found exactly its holders (text_plan.hpp). Then
// the slot's bounds.
void TextIndex::Impl::exact_bounds(const Plan& plan, TextResult& out) const {
    if (!block_max) return;
    out.exact = true;
    out.range_log2 = block_max->range_log2();
    out.bounds.assign(block_max->ranges(), 0.0);
    if (plan.groups[0] != no_group)
        block_max->add_group(static_cast<uint32_t>(plan.groups[0]), out.bounds);
    else
        block_max->add_stem(plan.wanted.numbers[plan.terms[0][0][0]], 1, out.bounds);
}

std::vector<uint32_t> TextIndex::holders(std::string_view term) const {
    const auto number = m_impl->forward.number_of(term);
    if (!number) return {};
    const auto [begin, end] = m_impl->forward.postings(*number);
    return {begin, end};
}

std::vector<TextMatch> TextIndex::weigh(std::string_view text,
                                        const std::vector<uint32_t>& candidates) const {
    return m_impl
        ->run(text, {},
              [&](Impl::Handle& handle, const Plan& plan) {
                  return m_impl->check_each(handle, plan, candidates);
              })
        .matches;
}

TextResult TextIndex::search(std::string_view text, const std::vector<uint32_t>* within) const {
    return m_impl->run(text, {}, [&](Impl::Handle& handle, const Plan& plan) {
        if (within && within->empty()) return std::vector<TextMatch>{};
        return m_impl->check_each(
            handle, plan,
            narrow(m_impl->forward, plan, within, most_selective(plan, {}, m_impl->covered(plan)),
                   nullptr, nullptr));
    });
}

TextResult TextIndex::match_set(std::string_view text, TextMatchSet& out) const {
    out = {};
    return m_impl->run(text, {}, [&](Impl::Handle&, const Plan& plan) {
        out.planned = true;
        StemSlots slots;
        for (auto& alternatives : plan.terms) {
            slots.emplace_back();
            for (auto& expression : alternatives) {
                slots.back().emplace_back();
                for (size_t i : expression) slots.back().back().push_back(plan.wanted.numbers[i]);
            }
        }
        match_bits(m_impl->forward, slots, out.bits);
        if (plan.terms.size() == 1 && plan.groups[0] != no_group)
            out.group = static_cast<int64_t>(plan.groups[0]);
        else if (plan.terms.size() == 1 && slots[0].size() == 1 && slots[0][0].size() == 1)
            out.stem = slots[0][0][0];
        if (const auto& bounds = m_impl->block_max) {
            // A slot of a synonym group has its own bound (below the sum of its stems'); a
            // word alone, its stem's.
            out.range_log2 = bounds->range_log2();
            out.bounds.assign(bounds->ranges(), 0.0);
            std::vector<double> times(plan.wanted.numbers.size(), 0.0);  // of each stem
            for (size_t k = 0; k < plan.terms.size(); ++k) {
                if (plan.groups[k] != no_group) {
                    bounds->add_group(static_cast<uint32_t>(plan.groups[k]), out.bounds);
                    continue;
                }
                for (auto& expression : plan.terms[k])
                    for (size_t i : expression) ++times[i];
            }
            for (size_t i = 0; i < times.size(); ++i)
                if (times[i] > 0) bounds->add_stem(plan.wanted.numbers[i], times[i], out.bounds);
        }
        return std::vector<TextMatch>{};
    });
}

// Each content word is a slot, or a run of words forming a synonym expression (the longest one
// starting there) is one slot matching any expression of its group; slots are AND-ed. Nothing
// when no content word is left or some slot cannot match; unknown words and a suggestion in
// `result` when a word is found nowhere.
std::optional<Plan> TextIndex::Impl::plan_for(Handle& handle, std::string_view text,
                                              TextResult& result) const {
    const std::vector<std::string> all = words(text);
    std::vector<size_t> content;
    for (size_t i = 0; i < all.size(); ++i)
        if (!vocabulary.is_stopword(all[i])) content.push_back(i);
    if (content.empty()) return std::nullopt;
    std::vector<std::string> stems;
    for (size_t i : content) stems.push_back(handle.stemmer(all[i]));
    // A stem is numbered only when some document holds it.
    auto present = [&](const std::string& term) { return forward.number_of(term).has_value(); };

    Plan plan;
    std::vector<bool> unknown(content.size(), false);
    for (size_t k = 0; k < content.size();) {
        size_t length = 0;
        size_t group = 0;
        for (size_t n = std::min(vocabulary.longest_expression, content.size() - k); n > 0; --n) {
            const auto first = stems.begin() + static_cast<std::ptrdiff_t>(k);
            auto found =
                vocabulary.group_of.find(join(first, first + static_cast<std::ptrdiff_t>(n)));
            if (found != vocabulary.group_of.end()) {
                length = n;
                group = found->second;
                break;
            }
        }
        if (length == 0) {
            plan.slots.push_back({{stems[k]}});
            plan.groups.push_back(no_group);
            unknown[k] = !present(stems[k]);
            ++k;
            continue;
        }
        const auto& alternatives = vocabulary.groups[group];
        plan.slots.push_back(alternatives);
        plan.groups.push_back(group);
        if (const CodeMeaning& meaning = vocabulary.meanings[group]; !meaning.label.empty()) {
            const auto first = all.begin() + static_cast<std::ptrdiff_t>(content[k]);
            const auto last = all.begin() + static_cast<std::ptrdiff_t>(content[k + length - 1]);
            result.understood.push_back({join(first, last + 1), meaning.label, meaning.codes});
        }
        const bool group_present =
            std::any_of(alternatives.begin(), alternatives.end(), [&](auto& expression) {
                return std::all_of(expression.begin(), expression.end(), present);
            });
        for (size_t j = k; j < k + length; ++j) unknown[j] = !group_present && !present(stems[j]);
        k += length;
    }

    if (std::find(unknown.begin(), unknown.end(), true) != unknown.end()) {
        // Every word must match: a word found nowhere leaves nothing to search, only a correction.
        std::vector<std::string> corrected = all;
        bool changed = false;
        for (size_t k = 0; k < content.size(); ++k) {
            if (!unknown[k]) continue;
            const std::string& word = all[content[k]];
            if (std::find(result.unknown_words.begin(), result.unknown_words.end(), word) ==
                result.unknown_words.end())
                result.unknown_words.push_back(word);
            std::string suggestion = handle.db.get_spelling_suggestion(word);
            if (!suggestion.empty() && suggestion != word) {
                corrected[content[k]] = std::move(suggestion);
                changed = true;
            }
        }
        if (changed) result.suggestion = join(corrected);
        return std::nullopt;
    }
    if (!prepare(plan)) return std::nullopt;
    return plan;
}

// A slot of the field's vocabulary matches the offers holding one of its expressions or carrying
// one of its codes, and a code's label is often in the text of each offer carrying it (a
// category's label is in its thématiques), or a word is only written where the code is
// (« informatique » only in offers of the numérique category, in generated catalogues): such an
// expression's documents, those of its rarest stem, are found by the codes already, and walking
// its postings (166,000 positions for « numérique » at 1,000,000 generated offers) adds none.
Covered TextIndex::Impl::covered(const Plan& plan) {
    Covered out(plan.terms.size());
    for (size_t slot = 0; slot < plan.terms.size(); ++slot) {
        const auto& alternatives = plan.terms[slot];
        out[slot].assign(alternatives.size(), false);
        if (plan.groups[slot] == no_group || plan.code_terms[slot].empty()) continue;
        std::vector<uint32_t> codes;
        for (size_t a = 0; a < alternatives.size(); ++a)
            if (plan.coded[slot][a]) codes.push_back(plan.wanted.numbers[alternatives[a][0]]);
        for (size_t a = 0; a < alternatives.size(); ++a) {
            if (plan.coded[slot][a]) continue;
            size_t r = alternatives[a].front();
            for (size_t i : alternatives[a])
                if (plan.frequency[i] < plan.frequency[r]) r = i;
            const uint32_t number = plan.wanted.numbers[r];
            const uint64_t key = static_cast<uint64_t>(plan.groups[slot]) << 32 | number;
            {
                std::lock_guard<std::mutex> lock(covered_mutex);
                if (auto found = covered_stems.find(key); found != covered_stems.end()) {
                    out[slot][a] = found->second;
                    continue;
                }
            }
            // Computed unlocked: two searches may both compute it, to the same answer.
            const bool is_covered = postings_covered(forward, number, codes);
            std::lock_guard<std::mutex> lock(covered_mutex);
            covered_stems.emplace(key, is_covered);
            out[slot][a] = is_covered;
        }
    }
    return out;
}

// The candidates (sorted) whose forward records hold every slot, weighed.
std::vector<TextMatch> TextIndex::Impl::check_each(Handle& handle, const Plan& plan,
                                                   const std::vector<uint32_t>& candidates) const {
    std::vector<TextMatch> matches;
    const size_t end = static_cast<size_t>(
        std::lower_bound(candidates.begin(), candidates.end(), forward.documents()) -
        candidates.begin());
    constexpr size_t ahead = 16;  // records asked for before their turn: reads overlap
    for (size_t i = 0; i < end; ++i) {
        const uint32_t position = candidates[i];
        if (i + ahead < end)
            forward.prefetch(candidates[i + ahead], candidates[std::min(i + 2 * ahead, end - 1)]);
        if (i > 0 && position == candidates[i - 1]) continue;
        if (auto weight = weigh(handle, plan, position)) matches.push_back({position, *weight});
    }
    return matches;
}

// Numbers the plan's stems and computes their idf; false when some slot cannot match.
bool TextIndex::Impl::prepare(Plan& plan) const {
    plan.average_length = average_length;
    plan.documents = std::max(documents, 1.0);
    std::unordered_map<std::string, size_t> index;  // stem -> index in plan.wanted.numbers
    std::vector<std::pair<uint32_t, std::string>> numbered;
    for (auto& alternatives : plan.slots)
        for (auto& expression : alternatives)
            for (auto& stem : expression)
                if (auto number = forward.number_of(stem); number && !index.count(stem)) {
                    index.emplace(stem, 0);
                    numbered.push_back({*number, stem});
                }
    std::sort(numbered.begin(), numbered.end());
    std::vector<double>& frequency = plan.frequency;
    plan.wanted.bits.assign((forward.stem_count() + 63) / 64, 0);
    for (size_t i = 0; i < numbered.size(); ++i) {
        index[numbered[i].second] = i;
        const uint32_t number = numbered[i].first;
        plan.wanted.numbers.push_back(number);
        plan.wanted.bits[number >> 6] |= uint64_t{1} << (number & 63);
        const auto [first, last] = forward.postings(number);
        const double n = static_cast<double>(last - first);
        frequency.push_back(n);
        plan.idf.push_back(std::log(1 + (documents - n + 0.5) / (n + 0.5)));
    }
    for (auto& alternatives : plan.slots) {
        std::vector<std::vector<size_t>> terms;
        std::vector<bool> coded;
        std::vector<std::string> code_terms;
        for (auto& expression : alternatives) {
            std::vector<size_t> indexes;
            for (auto& stem : expression) {
                auto found = index.find(stem);
                if (found == index.end()) break;
                indexes.push_back(found->second);
            }
            if (indexes.size() < expression.size()) continue;  // holds a stem found nowhere
            terms.push_back(std::move(indexes));
            // A code term is an expression of one "stem" holding ':' (code_term): no word does.
            const bool code =
                expression.size() == 1 && expression[0].find(':') != std::string::npos;
            coded.push_back(code);
            if (code) code_terms.push_back(expression[0]);
        }
        if (terms.empty()) return false;
        plan.terms.push_back(std::move(terms));
        plan.coded.push_back(std::move(coded));
        plan.code_terms.push_back(std::move(code_terms));
    }
    return true;
}

// The BM25 weight of document `doc` for the plan, or nothing when it does not match.
std::optional<double> TextIndex::Impl::weigh(Handle& handle, const Plan& plan, uint32_t doc) const {
    const double length = forward.read(doc, plan.wanted, handle.counts);
    const double norm = std::max(length / plan.average_length, bm25_min_norm_length);
    const double k = bm25_k1 * ((1 - bm25_b) + bm25_b * norm);
    double total = 0;
    for (auto& alternatives : plan.terms) {
        bool matched = false;
        for (auto& expression : alternatives) {
            double weight = 0;
            bool all = true;
            for (size_t i : expression) {
                const double count = handle.counts[i];
                if (count == 0) {
                    all = false;
                    break;
                }
                weight += plan.idf[i] * (bm25_k1 + 1) * count / (k + count);
            }
            if (all) {
                matched = true;
                total += weight;
            }
        }
        if (!matched) return std::nullopt;
    }
    return total;
}

}  // namespace cartoffre::detail
