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
// Files: the Xapian database; terms.bin, the sorted stems and their numbers (uint32 count, uint32
// offsets[count + 1], uint32 numbers[count], the bytes), stems being numbered by decreasing
// document frequency so that reading a record for common words stops early; forward.bin, per
// document a uint32 length then one uint32 per stem, number << 8 | count (counts saturate at 255),
// by stem number; forward.idx, uint64 offsets[documents + 1] into forward.bin, in uint32s; the
// synonyms and stopwords the index was built with. Fixed-width entries cost more room than varints
// but read without decoding: a record is a few cache lines, prefetched ahead of its turn.

#include "detail/text_index.hpp"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <mutex>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "cartoffre/error.hpp"
#include "detail/files.hpp"
#include "detail/mapped_file.hpp"
#include "detail/text.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

constexpr const char* synonyms_file = "synonyms.tsv";
constexpr const char* stopwords_file = "stopwords_fr.txt";
constexpr const char* terms_file = "terms.bin";
constexpr const char* forward_file = "forward.bin";
constexpr const char* forward_offsets_file = "forward.idx";

constexpr uint32_t name_wdf = 6;
constexpr uint32_t themes_wdf = 3;
constexpr uint32_t description_wdf = 1;

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

// Words shorter than this are not worth a spelling correction (nor safely correctable).
constexpr size_t min_spelling_length = 3;

bool all_digits(const std::string& word) {
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <class It>
std::string join(It first, It last) {
    std::string out;
    for (; first != last; ++first) {
        if (!out.empty()) out += ' ';
        out += *first;
    }
    return out;
}

std::string join(const std::vector<std::string>& words) {
    return join(words.begin(), words.end());
}

// The stopwords and synonym groups of an index, read from data/text/ at build time and from the
// copies inside the index when it is opened, so both sides fold and stem them the same way.
struct Vocabulary {
    std::unordered_set<std::string> stopwords;
    // Each group: the expressions a query matches, each a list of stems (stopwords dropped),
    // without those holding all the stems of a shorter one ("permis de conduire" adds nothing
    // to "permis" but postings to read and a double count).
    std::vector<std::vector<std::vector<std::string>>> groups;
    // Each group: the folded words of its expressions, unstemmed (spelling targets).
    std::vector<std::vector<std::string>> group_words;
    // Stems of an expression joined by spaces -> its group.
    std::unordered_map<std::string, size_t> group_of;
    size_t longest_expression = 0;

    bool is_stopword(const std::string& word) const { return stopwords.count(word) != 0; }

    // The folded words of `text` that are not stopwords.
    std::vector<std::string> content_words(std::string_view text) const {
        std::vector<std::string> out = words(text);
        out.erase(std::remove_if(out.begin(), out.end(),
                                 [&](const std::string& w) { return is_stopword(w); }),
                  out.end());
        return out;
    }
};

bool includes_all(const std::vector<std::string>& big, const std::vector<std::string>& small) {
    return std::all_of(small.begin(), small.end(), [&](const std::string& s) {
        return std::find(big.begin(), big.end(), s) != big.end();
    });
}

std::vector<std::vector<std::string>> without_supersets(
    std::vector<std::vector<std::string>> expressions) {
    std::vector<std::vector<std::string>> kept;
    for (size_t i = 0; i < expressions.size(); ++i) {
        bool redundant = false;
        for (size_t j = 0; j < expressions.size() && !redundant; ++j)
            redundant = j != i && includes_all(expressions[i], expressions[j]) &&
                        (expressions[j].size() < expressions[i].size() || j < i);
        if (!redundant) kept.push_back(expressions[i]);
    }
    return kept;
}

std::ifstream open_data(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw DataError("cannot read " + file.string());
    return in;
}

Vocabulary read_vocabulary(const fs::path& dir, Xapian::Stem& stem) {
    Vocabulary v;
    {
        std::ifstream in = open_data(dir / stopwords_file);
        for (std::string line; std::getline(in, line);) {
            if (line.empty() || line[0] == '#') continue;
            for (auto& w : words(line)) v.stopwords.insert(w);
        }
    }
    const fs::path file = dir / synonyms_file;
    std::ifstream in = open_data(file);
    size_t line_number = 0;
    for (std::string line; std::getline(in, line);) {
        ++line_number;
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::vector<std::string>> group;
        std::vector<std::string> keys;
        std::vector<std::string> surface;
        size_t start = 0;
        while (start <= line.size()) {
            size_t end = line.find('\t', start);
            if (end == std::string::npos) end = line.size();
            std::vector<std::string> stems;
            for (auto& w : v.content_words(std::string_view(line).substr(start, end - start))) {
                stems.push_back(stem(w));
                surface.push_back(w);
            }
            start = end + 1;
            if (stems.empty()) continue;
            std::string key = join(stems);
            if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
            keys.push_back(std::move(key));
            group.push_back(std::move(stems));
        }
        if (group.size() < 2) continue;
        for (size_t i = 0; i < keys.size(); ++i) {
            if (!v.group_of.emplace(keys[i], v.groups.size()).second)
                throw DataError(file.string() + ":" + std::to_string(line_number) + ": '" +
                                keys[i] + "' already belongs to another synonym group");
            v.longest_expression = std::max(v.longest_expression, group[i].size());
        }
        v.groups.push_back(without_supersets(std::move(group)));
        v.group_words.push_back(std::move(surface));
    }
    return v;
}

template <class T>
T load(const char* p) {
    T value;
    std::memcpy(&value, p, sizeof value);
    return value;
}

template <class T>
void append(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// The weighted stems of documents, stems numbered in the order they are first met; and, when
// asked to count, the documents holding each stem and the words worth a spelling correction.
class DocumentTerms {
  public:
    struct Term {
        uint32_t stem;
        uint32_t count;  // occurrences weighted by field
    };

    DocumentTerms(const Vocabulary& vocabulary, Xapian::Stem& stemmer)
        : m_vocabulary(vocabulary), m_stemmer(stemmer) {}

    const std::vector<Term>& of(const TextDocument& document, bool count) {
        m_terms.clear();
        m_length = 0;
        m_count = count;
        add(document.name, name_wdf);
        add(document.themes, themes_wdf);
        add(document.description, description_wdf);
        if (count)
            for (auto& t : m_terms) ++m_frequency[t.stem];
        return m_terms;
    }
    // The weighted length of the last document.
    uint32_t length() const { return m_length; }
    // Every stem met, by number.
    const std::vector<std::string>& stems() const { return m_stems; }
    // The number of counted documents holding each stem, by number.
    const std::vector<uint32_t>& frequency() const { return m_frequency; }
    std::unordered_map<std::string, Xapian::termcount>& spellings() { return m_spellings; }

  private:
    uint32_t number_of(const std::string& word) {
        auto known = m_words.find(word);
        if (known != m_words.end()) return known->second;
        auto [stem, fresh] =
            m_stem_numbers.emplace(m_stemmer(word), static_cast<uint32_t>(m_stems.size()));
        if (fresh) {
            m_stems.push_back(stem->first);
            m_frequency.push_back(0);
        }
        m_words.emplace(word, stem->second);
        return stem->second;
    }

    void add(const std::string& text, uint32_t weight) {
        for (auto& w : m_vocabulary.content_words(text)) {
            const uint32_t stem = number_of(w);
            auto same = std::find_if(m_terms.begin(), m_terms.end(),
                                     [&](const Term& t) { return t.stem == stem; });
            if (same == m_terms.end())
                m_terms.push_back({stem, weight});
            else
                same->count += weight;
            m_length += weight;
            if (m_count && w.size() >= min_spelling_length && !all_digits(w)) ++m_spellings[w];
        }
    }

    const Vocabulary& m_vocabulary;
    Xapian::Stem& m_stemmer;
    std::unordered_map<std::string, uint32_t> m_words;         // folded word -> stem number
    std::unordered_map<std::string, uint32_t> m_stem_numbers;  // stem -> number
    std::vector<std::string> m_stems;
    std::vector<uint32_t> m_frequency;
    std::unordered_map<std::string, Xapian::termcount> m_spellings;
    std::vector<Term> m_terms;
    uint32_t m_length = 0;
    bool m_count = false;
};

// terms.bin for `stems` (by first-met number) found in `frequency` documents each; returns the
// number each gets in the index.
std::vector<uint32_t> write_terms(const fs::path& file, const std::vector<std::string>& stems,
                                  const std::vector<uint32_t>& frequency) {
    std::vector<uint32_t> order(stems.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        return frequency[a] != frequency[b] ? frequency[a] > frequency[b] : stems[a] < stems[b];
    });
    std::vector<uint32_t> number(stems.size());
    for (uint32_t i = 0; i < order.size(); ++i) number[order[i]] = i;
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return stems[a] < stems[b]; });
    std::string offsets, numbers, bytes;
    append(offsets, static_cast<uint32_t>(stems.size()));
    for (uint32_t stem : order) {
        append(offsets, static_cast<uint32_t>(bytes.size()));
        append(numbers, number[stem]);
        bytes += stems[stem];
    }
    append(offsets, static_cast<uint32_t>(bytes.size()));
    write_file(file, offsets + numbers + bytes);
    return number;
}

// The stems a search looks for in forward records: their numbers, sorted, and a bitmap over
// every stem number for a test without branches the processor would mispredict.
struct WantedStems {
    std::vector<uint32_t> numbers;
    std::vector<uint64_t> bits;

    bool has(uint32_t number) const { return (bits[number >> 6] >> (number & 63)) & 1; }
};

// The forward index, memory-mapped: what `write_text_index` wrote next to the Xapian database.
class ForwardIndex {
  public:
    ForwardIndex() = default;
    ForwardIndex(const fs::path& dir, uint32_t documents)
        : m_terms(dir / terms_file),
          m_records(dir / forward_file),
          m_offsets(dir / forward_offsets_file) {
        const auto damaged = [&](const char* file) {
            return IndexError("damaged text index file " + (dir / file).string());
        };
        if (m_terms.size() < 8) throw damaged(terms_file);
        m_term_count = load<uint32_t>(m_terms.data());
        m_term_bytes = 4 + 8 * static_cast<size_t>(m_term_count) + 4;
        if (m_terms.size() < m_term_bytes ||
            term_offset(m_term_count) != m_terms.size() - m_term_bytes)
            throw damaged(terms_file);
        for (uint32_t i = 0; i < m_term_count; ++i)
            if (term_offset(i) > term_offset(i + 1) || term_number(i) >= m_term_count)
                throw damaged(terms_file);
        if (m_offsets.size() != (static_cast<size_t>(documents) + 1) * 8)
            throw damaged(forward_offsets_file);
        for (uint32_t d = 0; d < documents; ++d)  // each record holds at least its length
            if (record_offset(d) >= record_offset(d + 1)) throw damaged(forward_offsets_file);
        if (record_offset(documents) * 4 != m_records.size()) throw damaged(forward_file);
    }

    std::optional<uint32_t> number_of(std::string_view stem) const {
        uint32_t low = 0, high = m_term_count;
        while (low < high) {
            const uint32_t mid = low + (high - low) / 2;
            const int c = term(mid).compare(stem);
            if (c == 0) return term_number(mid);
            if (c < 0)
                low = mid + 1;
            else
                high = mid;
        }
        return std::nullopt;
    }

    uint32_t stem_count() const { return m_term_count; }

    // The counts of the `wanted` stems in document `doc`, 0 when absent, and its length.
    uint32_t read(uint32_t doc, const WantedStems& wanted, std::vector<uint32_t>& counts) const {
        counts.assign(wanted.numbers.size(), 0);
        const uint32_t* entry = record(doc);
        const uint32_t* end = record(doc + 1);
        const uint32_t length = *entry++;
        const uint32_t last = wanted.numbers.back();
        for (; entry < end; ++entry) {
            const uint32_t stem = *entry >> 8;
            if (stem > last) break;
            if (!wanted.has(stem)) continue;
            const auto k = std::lower_bound(wanted.numbers.begin(), wanted.numbers.end(), stem) -
                           wanted.numbers.begin();
            counts[static_cast<size_t>(k)] = *entry & 0xff;
        }
        return length;
    }

    // Asks for the record of `doc` to be brought to the cache, and the offset of `later`, a
    // document to read after it: random reads overlap instead of waiting for each other.
    void prefetch(uint32_t doc, uint32_t later) const {
        __builtin_prefetch(m_offsets.data() + 8 * static_cast<size_t>(later));
        const char* end = reinterpret_cast<const char*>(record(doc + 1));
        for (const char* p = reinterpret_cast<const char*>(record(doc)); p < end; p += 64)
            __builtin_prefetch(p);
    }

  private:
    size_t term_offset(uint32_t i) const {
        return load<uint32_t>(m_terms.data() + 4 + 4 * static_cast<size_t>(i));
    }
    uint32_t term_number(uint32_t i) const {
        return load<uint32_t>(m_terms.data() + 8 + 4 * static_cast<size_t>(m_term_count + i));
    }
    std::string_view term(uint32_t i) const {
        return {m_terms.data() + m_term_bytes + term_offset(i),
                term_offset(i + 1) - term_offset(i)};
    }
    size_t record_offset(uint32_t doc) const {
        return load<uint64_t>(m_offsets.data() + 8 * static_cast<size_t>(doc));
    }
    const uint32_t* record(uint32_t doc) const {
        return reinterpret_cast<const uint32_t*>(m_records.data()) + record_offset(doc);
    }

    MappedFile m_terms, m_records, m_offsets;
    uint32_t m_term_count = 0;
    size_t m_term_bytes = 0;
};

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

    // Whether checking each of `candidates` costs less than Xapian's search among them: it
    // visits at most the matches or the candidates, skipping to each in every posting list.
    bool check_each(size_t candidates) const {
        const double visited = std::min<double>(candidates, most_matches);
        double xapian = 0;
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

void write_text_index(const fs::path& dir, const std::vector<TextDocument>& documents,
                      const fs::path& data_dir) {
    Xapian::Stem stemmer("french");
    const Vocabulary vocabulary = read_vocabulary(data_dir, stemmer);
    DocumentTerms terms(vocabulary, stemmer);
    try {
        fs::create_directories(dir);
        // Stems are numbered by decreasing frequency, known after a first pass over all.
        size_t entries = 0;
        for (auto& d : documents) entries += terms.of(d, true).size() + 1;
        if (terms.stems().size() >= (1u << 24))
            throw IndexError("text index " + dir.string() + ": more than 2^24 distinct stems");
        const std::vector<uint32_t> number =
            write_terms(dir / terms_file, terms.stems(), terms.frequency());

        Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE |
                                                      Xapian::DB_BACKEND_GLASS |
                                                      Xapian::DB_NO_TERMLIST);
        // Inside an unflushed transaction Xapian still writes its batches to the tables (memory
        // stays bounded) but commits only once, at the end.
        db.begin_transaction(false);
        std::string records, offsets;
        records.reserve(4 * entries);
        offsets.reserve(8 * (documents.size() + 1));
        append(offsets, uint64_t{0});
        std::vector<DocumentTerms::Term> numbered;
        for (size_t i = 0; i < documents.size(); ++i) {
            Xapian::Document doc;
            numbered = terms.of(documents[i], false);
            for (auto& t : numbered) {
                doc.add_term(terms.stems()[t.stem], t.count);
                t.stem = number[t.stem];
            }
            std::sort(numbered.begin(), numbered.end(),
                      [](auto& a, auto& b) { return a.stem < b.stem; });
            append(records, terms.length());
            for (auto& t : numbered)
                append(records, t.stem << 8 | std::min<uint32_t>(t.count, 255));
            append(offsets, static_cast<uint64_t>(records.size() / 4));
            const Xapian::docid did = db.add_document(doc);
            if (did != i + 1)
                throw IndexError("text index " + dir.string() + ": document " + std::to_string(i) +
                                 " got docid " + std::to_string(did));
        }
        write_file(dir / forward_file, records);
        write_file(dir / forward_offsets_file, offsets);

        // The words of a synonym group present in the index are worth suggesting too: "rqht"
        // should lead to "rqth" even where offers only spell the words out.
        const std::unordered_set<std::string> indexed(terms.stems().begin(), terms.stems().end());
        for (size_t g = 0; g < vocabulary.groups.size(); ++g) {
            const auto& group = vocabulary.groups[g];
            const bool present = std::any_of(group.begin(), group.end(), [&](auto& expression) {
                return std::all_of(expression.begin(), expression.end(),
                                   [&](auto& s) { return indexed.count(s) != 0; });
            });
            if (!present) continue;
            for (auto& w : vocabulary.group_words[g])
                if (w.size() >= min_spelling_length && !all_digits(w))
                    terms.spellings().emplace(w, 1);
        }
        for (auto& [word, count] : terms.spellings()) db.add_spelling(word, count);
        db.commit_transaction();
        db.close();
    } catch (const Xapian::Error& e) {
        throw IndexError("cannot write the text index " + dir.string() + ": " +
                         e.get_description());
    } catch (const fs::filesystem_error& e) {
        throw IndexError("cannot write the text index " + dir.string() + ": " + e.what());
    }
    for (const char* name : {synonyms_file, stopwords_file}) {
        std::error_code error;
        fs::copy_file(data_dir / name, dir / name, fs::copy_options::overwrite_existing, error);
        if (error)
            throw IndexError("cannot copy " + (data_dir / name).string() + " into " + dir.string() +
                             ": " + error.message());
    }
}

struct TextIndex::Impl {
    // Xapian databases and stemmers are not thread-safe: each search borrows one of these.
    struct Handle {
        Xapian::Database db;
        Xapian::Stem stemmer{"french"};
        std::vector<uint32_t> counts;  // scratch for the forward index
    };

    fs::path dir;
    Vocabulary vocabulary;
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
