// Writing, reading and counting facets.bin (facet_bits.hpp).

#include "index/facet_bits.hpp"

#include <array>
#include <cstring>

#include "cartoffre/error.hpp"
#include "detail/files.hpp"
#include "index/snapshot.hpp"
#include "text/block_max.hpp"
#include "text/text_forward.hpp"
#include "text/text_vocabulary.hpp"

namespace cartoffre::detail {

void FacetTally::fill(const Taxonomy& t, Facets& facets) const {
    auto values = [](const std::vector<size_t>& counts, const Vocabulary& v,
                     std::vector<FacetCount>& out) {
        for (uint32_t i = 0; i < counts.size(); ++i)
            if (counts[i]) out.push_back({v.code(i), v.label(i), counts[i]});
    };
    values(m_categories, t.categories(), facets.categories);
    values(m_types, t.types(), facets.types);
    values(m_frais, t.frais(), facets.frais);
    values(m_publics, t.publics(), facets.publics);
    values(m_kinds, t.typologies(), facets.kinds);
}

namespace {

constexpr uint32_t facet_bits_version = 1;
constexpr uint32_t slot_facets_version = 1;
constexpr size_t slot_header_words = 5;
// A slot's counts are kept for the stems held by at least this share of the offers.
constexpr uint32_t slot_share = 512;
constexpr uint32_t slot_stems_most = 4096;
// Version, offers, the five sizes and a word of padding: the bitmaps start 8-byte aligned.
constexpr size_t header_words = 8;

}  // namespace

size_t facet_values(const Taxonomy& t) {
    return t.categories().size() + t.types().size() + t.frais().size() + t.publics().size() +
           t.typologies().size();
}

namespace {

std::array<uint32_t, 5> sizes_of(const Taxonomy& t) {
    return {static_cast<uint32_t>(t.categories().size()), static_cast<uint32_t>(t.types().size()),
            static_cast<uint32_t>(t.frais().size()), static_cast<uint32_t>(t.publics().size()),
            static_cast<uint32_t>(t.typologies().size())};
}

size_t bitmap_count(const std::array<uint32_t, 5>& sizes) {
    return 2 + size_t{sizes[0]} + sizes[1] + sizes[2] + sizes[3] + sizes[4];
}

// The number of offers in both: the popcount instruction where the processor has it (x86-64
// without it takes a dozen instructions a word).
__attribute__((target_clones("popcnt", "default"))) size_t count_and(const uint64_t* a,
                                                                     const uint64_t* b,
                                                                     size_t words) {
    size_t n = 0;
    for (size_t w = 0; w < words; ++w) n += static_cast<size_t>(__builtin_popcountll(a[w] & b[w]));
    return n;
}

__attribute__((target_clones("popcnt", "default"))) size_t count_words(const uint64_t* a,
                                                                       size_t words) {
    size_t n = 0;
    for (size_t w = 0; w < words; ++w) n += static_cast<size_t>(__builtin_popcountll(a[w]));
    return n;
}

// Calls `add(value)` for each facet value of an offer, numbered as in slot_facets.bin.
template <class Add>
void for_each_value(const OfferColumns& c, const std::array<uint32_t, 5>& sizes, Add add) {
    const uint32_t types = sizes[0], frais = types + sizes[1], publics = frais + sizes[2],
                   kinds = publics + sizes[3];
    for (uint32_t b = c.categories; b; b &= b - 1)
        if (static_cast<uint32_t>(__builtin_ctz(b)) < sizes[0])
            add(static_cast<uint32_t>(__builtin_ctz(b)));
    if (c.type && c.type <= sizes[1]) add(types + c.type - 1u);
    for (uint32_t b = c.frais; b; b &= b - 1)
        if (static_cast<uint32_t>(__builtin_ctz(b)) < sizes[2])
            add(frais + static_cast<uint32_t>(__builtin_ctz(b)));
    for (uint32_t b = c.publics; b; b &= b - 1)
        if (static_cast<uint32_t>(__builtin_ctz(b)) < sizes[3])
            add(publics + static_cast<uint32_t>(__builtin_ctz(b)));
    if (c.kind && c.kind <= sizes[4]) add(kinds + c.kind - 1u);
}

}  // namespace

void write_slot_facets(const std::filesystem::path& file, const std::filesystem::path& text_dir,
                       const std::vector<OfferColumns>& columns, const Taxonomy& taxonomy) {
    const std::array<uint32_t, 5> sizes = sizes_of(taxonomy);
    const uint32_t values = sizes[0] + sizes[1] + sizes[2] + sizes[3] + sizes[4];
    const uint32_t offers = static_cast<uint32_t>(columns.size());
    const ForwardIndex forward(text_dir, offers);
    Xapian::Stem stemmer("french");
    const TextVocabulary vocabulary = read_vocabulary(text_dir, stemmer);
    uint32_t stems = 0;
    const uint32_t least = std::max<uint32_t>(64, offers / slot_share);
    while (stems < std::min(forward.stem_count(), slot_stems_most)) {
        const auto [first, last] = forward.postings(stems);
        if (static_cast<uint32_t>(last - first) < least) break;
        ++stems;
    }
    const uint32_t groups = static_cast<uint32_t>(vocabulary.groups.size());
    std::vector<uint32_t> out{slot_facets_version, offers, stems, groups, values};
    auto count = [&](uint32_t position, uint32_t* row) {
        const OfferColumns& c = columns[position];
        if (!(c.flags & (flag_in_person | flag_remote))) return;
        ++row[0];
        for_each_value(c, sizes, [&](uint32_t v) { ++row[1 + v]; });
    };
    out.resize(slot_header_words + (size_t{stems} + groups) * (1 + values), 0);
    uint32_t* row = out.data() + slot_header_words;
    for (uint32_t s = 0; s < stems; ++s, row += 1 + values) {
        const auto [first, last] = forward.postings(s);
        for (const uint32_t* p = first; p < last; ++p) count(*p, row);
    }
    std::vector<uint64_t> bits;
    for (uint32_t g = 0; g < groups; ++g, row += 1 + values) {
        // The offers holding any of its expressions whose stems are all in the index, as a
        // search reads a slot of the group.
        StemSlots slot(1);
        for (const auto& expression : vocabulary.groups[g]) {
            std::vector<uint32_t> numbers;
            for (const std::string& stem : expression)
                if (auto n = forward.number_of(stem)) numbers.push_back(*n);
            if (numbers.size() == expression.size()) slot[0].push_back(std::move(numbers));
        }
        match_bits(forward, slot, bits);
        for (size_t w = 0; w < bits.size(); ++w)
            for (uint64_t b = bits[w]; b; b &= b - 1)
                count(static_cast<uint32_t>(w * 64) + static_cast<uint32_t>(__builtin_ctzll(b)),
                      row);
    }
    write_file(file, {reinterpret_cast<const char*>(out.data()), out.size() * sizeof(uint32_t)});
}

size_t count_bits(const std::vector<uint64_t>& bits) {
    return count_words(bits.data(), bits.size());
}

void write_facet_bits(const std::filesystem::path& file, const std::vector<OfferColumns>& columns,
                      const Taxonomy& taxonomy) {
    const std::array<uint32_t, 5> sizes = sizes_of(taxonomy);
    const size_t words = (columns.size() + 63) / 64;
    std::vector<uint64_t> out(header_words / 2 + bitmap_count(sizes) * words, 0);
    uint32_t header[header_words] = {facet_bits_version, static_cast<uint32_t>(columns.size())};
    for (size_t i = 0; i < sizes.size(); ++i) header[2 + i] = sizes[i];
    std::memcpy(out.data(), header, sizeof header);
    uint64_t* bits = out.data() + header_words / 2;
    auto set = [&](size_t bitmap, size_t position) {
        bits[bitmap * words + position / 64] |= uint64_t{1} << (position % 64);
    };
    const size_t types = 2 + sizes[0], frais = types + sizes[1], publics = frais + sizes[2],
                 kinds = publics + sizes[3];
    for (size_t p = 0; p < columns.size(); ++p) {
        const OfferColumns& c = columns[p];
        if (c.flags & flag_in_person) set(0, p);
        if (c.flags & flag_remote) set(1, p);
        for (uint32_t b = c.categories; b; b &= b - 1)
            if (static_cast<uint32_t>(__builtin_ctz(b)) < sizes[0])
                set(2 + static_cast<size_t>(__builtin_ctz(b)), p);
        if (c.type && c.type <= sizes[1]) set(types + c.type - 1, p);
        for (uint32_t b = c.frais; b; b &= b - 1)
            if (static_cast<uint32_t>(__builtin_ctz(b)) < sizes[2])
                set(frais + static_cast<size_t>(__builtin_ctz(b)), p);
        for (uint32_t b = c.publics; b; b &= b - 1)
            if (static_cast<uint32_t>(__builtin_ctz(b)) < sizes[3])
                set(publics + static_cast<size_t>(__builtin_ctz(b)), p);
        if (c.kind && c.kind <= sizes[4]) set(kinds + c.kind - 1, p);
    }
    write_file(file, {reinterpret_cast<const char*>(out.data()), out.size() * sizeof(uint64_t)});
}

FacetBits::FacetBits(const std::filesystem::path& dir, size_t offers, const Taxonomy& taxonomy)
    : m_file(dir / facet_bits_file), m_slots(dir / slot_facets_file) {
    const std::filesystem::path file = dir / facet_bits_file;
    const std::array<uint32_t, 5> sizes = sizes_of(taxonomy);
    m_words = (offers + 63) / 64;
    uint32_t header[header_words] = {};
    if (m_file.size() >= sizeof header) std::memcpy(header, m_file.data(), sizeof header);
    bool same = header[0] == facet_bits_version && header[1] == offers;
    for (size_t i = 0; i < sizes.size(); ++i) same = same && header[2 + i] == sizes[i];
    if (!same || m_file.size() != sizeof header + bitmap_count(sizes) * m_words * 8)
        throw IndexError("fichier d'index " + file.string() +
                         " endommagé ou écrit pour d'autres offres");
    m_bits = reinterpret_cast<const uint64_t*>(m_file.data() + sizeof header);
    uint32_t slots[slot_header_words] = {};
    if (m_slots.size() >= sizeof slots) std::memcpy(slots, m_slots.data(), sizeof slots);
    m_slot_stems = slots[2];
    m_slot_groups = slots[3];
    m_values = slots[4];
    if (slots[0] != slot_facets_version || slots[1] != offers ||
        m_values != sizes[0] + sizes[1] + sizes[2] + sizes[3] + sizes[4] ||
        m_slots.size() !=
            4 * (slot_header_words + (size_t{m_slot_stems} + m_slot_groups) * (1 + m_values)))
        throw IndexError("fichier d'index " + (dir / slot_facets_file).string() +
                         " endommagé ou écrit pour d'autres offres");
}

bool FacetBits::slot_counts(int64_t stem, int64_t group, const Taxonomy& t, size_t& total,
                            Facets& facets) const {
    size_t row_number;
    if (stem >= 0 && stem < m_slot_stems)
        row_number = static_cast<size_t>(stem);
    else if (group >= 0 && group < m_slot_groups)
        row_number = m_slot_stems + static_cast<size_t>(group);
    else
        return false;
    const char* row = m_slots.data() + 4 * (slot_header_words + row_number * (1 + m_values));
    total = load<uint32_t>(row);
    size_t value = 0;
    auto fill = [&](const Vocabulary& v, std::vector<FacetCount>& out) {
        for (uint32_t i = 0; i < v.size(); ++i, ++value)
            if (const uint32_t n = load<uint32_t>(row + 4 * (1 + value)))
                out.push_back({v.code(i), v.label(i), n});
    };
    fill(t.categories(), facets.categories);
    fill(t.types(), facets.types);
    fill(t.frais(), facets.frais);
    fill(t.publics(), facets.publics);
    fill(t.typologies(), facets.kinds);
    return true;
}

void FacetBits::count(const std::vector<uint64_t>& matches, const Taxonomy& t,
                      Facets& facets) const {
    count(matches.data(), 0, m_words, t, facets);
}

void FacetBits::count(const uint64_t* matches, size_t first, size_t words, const Taxonomy& t,
                      Facets& facets) const {
    size_t bitmap = 2;
    auto fill = [&](const Vocabulary& v, std::vector<FacetCount>& out) {
        for (uint32_t i = 0; i < v.size(); ++i, ++bitmap)
            if (const size_t n = count_and(matches, this->bitmap(bitmap) + first, words))
                out.push_back({v.code(i), v.label(i), n});
    };
    fill(t.categories(), facets.categories);
    fill(t.types(), facets.types);
    fill(t.frais(), facets.frais);
    fill(t.publics(), facets.publics);
    fill(t.typologies(), facets.kinds);
}

}  // namespace cartoffre::detail
