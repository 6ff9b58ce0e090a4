// Writing, reading and counting facets.bin (facet_bits.hpp).

#include "index/facet_bits.hpp"

#include <array>
#include <cstring>

#include "cartoffre/error.hpp"
#include "detail/files.hpp"
#include "index/snapshot.hpp"

namespace cartoffre::detail {

namespace {

constexpr uint32_t facet_bits_version = 1;
// Version, offers, the five sizes and a word of padding: the bitmaps start 8-byte aligned.
constexpr size_t header_words = 8;

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

}  // namespace

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

FacetBits::FacetBits(const std::filesystem::path& file, size_t offers, const Taxonomy& taxonomy)
    : m_file(file) {
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
}

void FacetBits::count(const std::vector<uint64_t>& matches, const Taxonomy& t,
                      Facets& facets) const {
    size_t bitmap = 2;
    auto fill = [&](const Vocabulary& v, std::vector<FacetCount>& out) {
        for (uint32_t i = 0; i < v.size(); ++i, ++bitmap)
            if (const size_t n = count_and(matches.data(), this->bitmap(bitmap), m_words))
                out.push_back({v.code(i), v.label(i), n});
    };
    fill(t.categories(), facets.categories);
    fill(t.types(), facets.types);
    fill(t.frais(), facets.frais);
    fill(t.publics(), facets.publics);
    fill(t.typologies(), facets.kinds);
}

}  // namespace cartoffre::detail
