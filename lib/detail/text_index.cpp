// The text index: Xapian finds documents by their words, a forward index weighs them.
//
// Terms: one unprefixed space of French stems (folded, stopwords dropped). A word of the name
// counts 6 times, of the thématiques 3 times, of the description once, so BM25 ranks name hits
// over theme hits over description hits with one posting list per stem; prefixed fields would
// triple the posting lists read per word, and the index size, for the same ordering. No
// positions (no phrase search), no termlists.
//
// Finding: without candidates, Xapian's posting lists give the matches. With candidates, the
// cheaper of two ways by a small cost model: Xapian restricted to them by a PostingSource
// (OP_FILTER), best when they are many and the words rare; or checking each candidate in the
// forward index, best when they are few or the words common. At 1,000,000 documents, Xapian
// restricted to 3,000 scattered candidates decodes most of a common word's posting list
// (1.5 to 4 ms measured) where their forward records read in about 0.2 ms.
//
// Weighing: every match gets the same BM25 weight whichever way found it, computed from its
// forward record (stem counts and length) and Xapian's collection statistics.
//
// Files: the Xapian database; the forward index, terms.bin, forward.bin and forward.idx (their
// format is in text_forward.hpp); the synonyms and stopwords the index was built with
// (text_vocabulary.hpp).

#include "detail/text_index.hpp"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "cartoffre/error.hpp"
#include "detail/text.hpp"
#include "detail/text_forward.hpp"
#include "detail/text_vocabulary.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

// BM25 with Xapian's default parameters; the idf is the always-positive log(1 + (N - n + 0.5) /
// (n + 0.5)), so a word found in most documents still adds a little.
constexpr double bm25_k1 = 1.0;
constexpr double bm25_b = 0.5;
constexpr double bm25_min_norm_length = 0.5;

// Costs that choose between checking each candidate in the forward index and letting Xapian find
// the matches among them, in nanoseconds, measured on 1,000,000 generated offers: checking one
// candidate (a random read of its record); decoding one posting; one skip in a posting list.
constexpr double check_ns = 100;
constexpr double posting_ns = 3;
constexpr double skip_ns = 50;
// A skip decodes at most about this many postings (one chunk of a Xapian posting list).
constexpr double postings_per_chunk = 1000;

// Restricts a Xapian query to the documents at sorted positions (docid = position + 1).
class PositionsSource : public Xapian::PostingSource {
  public:
    explicit PositionsSource(const std::vector<uint32_t>& positions) : m_positions(positions) {}

    void init(const Xapian::Database& db) override {
        const uint32_t docs = db.get_lastdocid();
        m_end = static_cast<size_t>(std::lower_bound(m_positions.begin(), m_positions.end(), docs) -
                                    m_positions.begin());
        m_at = 0;
        m_started = false;
    }
    Xapian::doccount get_termfreq_min() const override { return count(); }
    Xapian::doccount get_termfreq_est() const override { return count(); }
    Xapian::doccount get_termfreq_max() const override { return count(); }
    Xapian::docid get_docid() const override { return m_positions[m_at] + 1; }
    bool at_end() const override { return m_at >= m_end; }

    void next(double) override {
        if (!m_started) {
            m_started = true;
            return;
        }
        const uint32_t current = m_positions[m_at];
        while (++m_at < m_end && m_positions[m_at] == current) {
        }
    }
    void skip_to(Xapian::docid did, double) override {
        m_started = true;
        if (m_at >= m_end || m_positions[m_at] + 1 >= did) return;
        const auto begin = m_positions.begin();
        m_at = static_cast<size_t>(std::lower_bound(begin + static_cast<std::ptrdiff_t>(m_at),
                                                    begin + static_cast<std::ptrdiff_t>(m_end),
                                                    did - 1) -
                                   begin);
    }
    PostingSource* clone() const override { return new PositionsSource(m_positions); }

  private:
    Xapian::doccount count() const { return static_cast<Xapian::doccount>(m_end); }

    const std::vector<uint32_t>& m_positions;
    size_t m_end = 0;
    size_t m_at = 0;
    bool m_started = false;
};

// Receives the positions of every match, in order: no MSet to build or sort.
class PositionsCollector : public Xapian::MatchSpy {
  public:
    explicit PositionsCollector(std::vector<uint32_t>& out) : m_out(out) {}
    void operator()(const Xapian::Document& doc, double) override {
        m_out.push_back(doc.get_docid() - 1);
    }

  private:
    std::vector<uint32_t>& m_out;
};

// A query ready to run: slots AND-ed, each any of its alternatives, each all of its stems.
struct Plan {
    std::vector<std::vector<std::vector<std::string>>> slots;  // slot, alternative, stems
    WantedStems wanted;                                        // distinct stems
    std::vector<double> frequency;  // documents holding each of `wanted.numbers`
    std::vector<double> idf;        // of each of `wanted.numbers`
    // Per slot and alternative, its stems as indexes into `wanted.numbers`.
    std::vector<std::vector<std::vector<size_t>>> terms;
    double most_matches = 0;  // an upper bound on the number of matches
    double average_length = 1;
    double documents = 1;  // in the index, at least 1

    // Whether checking each of `candidates` costs less than Xapian's search among them: it
    // visits at most the matches or the candidates, skipping to each in every posting list,
    // and each match it finds is then checked all the same to be weighed (about the candidates
    // times the share of documents that may match).
    bool check_each(size_t candidates) const {
        const double visited = std::min<double>(candidates, most_matches);
        double xapian = check_ns * candidates * std::min(1.0, most_matches / documents);
        for (double postings : frequency)
            xapian += posting_ns * std::min(postings, postings_per_chunk * visited) +
                      skip_ns * std::min(visited, postings);
        return check_ns * candidates <= xapian;
    }
};

// The positions of the documents matching `plan` (among `within` unless null), in order.
std::vector<uint32_t> xapian_matches(Xapian::Database& db, const Plan& plan,
                                     const std::vector<uint32_t>* within) {
    std::vector<Xapian::Query> slots;
    for (auto& alternatives : plan.slots) {
        std::vector<Xapian::Query> any;
        for (auto& expression : alternatives)
            any.emplace_back(Xapian::Query::OP_AND, expression.begin(), expression.end());
        slots.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
    }
    std::optional<PositionsSource> source;
    Xapian::Query query(Xapian::Query::OP_AND, slots.begin(), slots.end());
    if (within) {
        source.emplace(*within);
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&*source));
    }
    std::vector<uint32_t> found;
    found.reserve(static_cast<size_t>(plan.most_matches));
    PositionsCollector collector(found);
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&collector);
    // No MSet is kept (at most 0 items) but every match is visited and handed to the collector.
    enquire.get_mset(0, 0, db.get_doccount());
    if (!std::is_sorted(found.begin(), found.end())) std::sort(found.begin(), found.end());
    return found;
}

}  // namespace

struct TextIndex::Impl {
    // Xapian databases and stemmers are not thread-safe: each search borrows one of these.
    struct Handle {
        Xapian::Database db;
        Xapian::Stem stemmer{"french"};
        std::vector<uint32_t> counts;  // scratch for the forward index
    };

    fs::path dir;
    TextVocabulary vocabulary;
    ForwardIndex forward;  // read-only, shared by all searches
    std::mutex mutex;
    std::vector<std::unique_ptr<Handle>> idle;

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

    TextResult search(Handle& handle, const std::vector<std::string>& all,
                      const std::vector<size_t>& content,
                      const std::vector<uint32_t>* within) const;
    bool prepare(Handle& handle, Plan& plan) const;
    std::optional<double> weigh(Handle& handle, const Plan& plan, uint32_t doc) const;
};

TextIndex::TextIndex(const fs::path& dir) : m_impl(std::make_unique<Impl>()) {
    m_impl->dir = dir;
    std::error_code error;
    if (!fs::is_directory(dir, error)) throw IndexError("no text index in " + dir.string());
    try {
        Xapian::Stem stemmer("french");
        m_impl->vocabulary = read_vocabulary(dir, stemmer);
        auto first = m_impl->open();
        m_impl->forward = ForwardIndex(dir, first->db.get_doccount());
        m_impl->idle.push_back(std::move(first));
    } catch (const DataError& e) {
        throw IndexError("text index " + dir.string() + ": " + e.what());
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot open the text index " + dir.string() + ": " + e.get_description());
    }
}

TextIndex::~TextIndex() = default;

TextResult TextIndex::search(std::string_view text, const std::vector<uint32_t>* within) const {
    const std::vector<std::string> all = words(text);
    std::vector<size_t> content;
    for (size_t i = 0; i < all.size(); ++i)
        if (!m_impl->vocabulary.is_stopword(all[i])) content.push_back(i);
    if (content.empty()) return {};
    try {
        auto handle = m_impl->take();
        TextResult result = m_impl->search(*handle, all, content, within);
        m_impl->give_back(std::move(handle));
        return result;
    } catch (const Xapian::Error& e) {
        // The handle that failed is dropped rather than lent again.
        throw IndexError("text index " + m_impl->dir.string() + ": " + e.get_description());
    }
}

// Each content word is a slot, or a run of words forming a synonym expression (the longest one
// starting there) is one slot matching any expression of its group; slots are AND-ed.
TextResult TextIndex::Impl::search(Handle& handle, const std::vector<std::string>& all,
                                   const std::vector<size_t>& content,
                                   const std::vector<uint32_t>* within) const {
    Xapian::Database& db = handle.db;
    std::vector<std::string> stems;
    for (size_t i : content) stems.push_back(handle.stemmer(all[i]));
    auto present = [&](const std::string& term) { return db.get_termfreq(term) != 0; };

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
            unknown[k] = !present(stems[k]);
            ++k;
            continue;
        }
        const auto& alternatives = vocabulary.groups[group];
        plan.slots.push_back(alternatives);
        const bool group_present =
            std::any_of(alternatives.begin(), alternatives.end(), [&](auto& expression) {
                return std::all_of(expression.begin(), expression.end(), present);
            });
        for (size_t j = k; j < k + length; ++j) unknown[j] = !group_present && !present(stems[j]);
        k += length;
    }

    TextResult result;
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
            std::string suggestion = db.get_spelling_suggestion(word);
            if (!suggestion.empty() && suggestion != word) {
                corrected[content[k]] = std::move(suggestion);
                changed = true;
            }
        }
        if (changed) result.suggestion = join(corrected);
        return result;
    }
    if ((within && within->empty()) || !prepare(handle, plan)) return result;

    // Candidates: the given ones when they are few, else what Xapian finds among them.
    const std::vector<uint32_t>* candidates = within;
    std::vector<uint32_t> found;
    if (!within || !plan.check_each(within->size())) {
        found = xapian_matches(db, plan, within);
        candidates = &found;
    }
    const size_t end = static_cast<size_t>(
        std::lower_bound(candidates->begin(), candidates->end(), db.get_doccount()) -
        candidates->begin());
    result.matches.reserve(std::min<size_t>(end, static_cast<size_t>(plan.most_matches)));
    constexpr size_t ahead = 8;
    for (size_t i = 0; i < end; ++i) {
        const uint32_t position = (*candidates)[i];
        if (i + ahead < end)
            forward.prefetch((*candidates)[i + ahead],
                             (*candidates)[std::min(i + 2 * ahead, end - 1)]);
        if (i > 0 && position == (*candidates)[i - 1]) continue;
        if (auto weight = weigh(handle, plan, position))
            result.matches.push_back({position, *weight});
    }
    return result;
}

// Numbers the plan's stems and computes their idf; false when some slot cannot match.
bool TextIndex::Impl::prepare(Handle& handle, Plan& plan) const {
    const double documents = handle.db.get_doccount();
    plan.average_length = handle.db.get_avlength();
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
        const double n = handle.db.get_termfreq(numbered[i].second);
        frequency.push_back(n);
        plan.idf.push_back(std::log(1 + (documents - n + 0.5) / (n + 0.5)));
    }
    plan.most_matches = documents;
    plan.documents = std::max(documents, 1.0);
    for (auto& alternatives : plan.slots) {
        std::vector<std::vector<size_t>> terms;
        double slot_matches = 0;
        for (auto& expression : alternatives) {
            std::vector<size_t> indexes;
            double expression_matches = documents;
            for (auto& stem : expression) {
                auto found = index.find(stem);
                if (found == index.end()) break;
                indexes.push_back(found->second);
                expression_matches = std::min(expression_matches, frequency[found->second]);
            }
            if (indexes.size() < expression.size()) continue;  // holds a stem found nowhere
            terms.push_back(std::move(indexes));
            slot_matches += expression_matches;
        }
        if (terms.empty()) return false;
        plan.terms.push_back(std::move(terms));
        plan.most_matches = std::min(plan.most_matches, slot_matches);
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
