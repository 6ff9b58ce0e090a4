#include "text/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace cartoffre::detail {

namespace {

void append_code_point(UChar32 c, std::string& out) {
    icu::UnicodeString u(c);
    u.toUTF8String(out);
}

// The fold of one non-ASCII code point: its compatibility decomposition (NFKD) without marks,
// lower case, ligatures spelt out; a space stands for a separator. Decomposition works code
// point by code point and the marks it would reorder are dropped, so folding a text is folding
// each of its code points.
std::string fold_code_point(UChar32 code_point) {
    std::string out;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
    const icu::UnicodeString text(code_point);
    icu::UnicodeString decomposed = U_SUCCESS(status) ? nfkd->normalize(text, status) : text;
    if (U_FAILURE(status)) decomposed = text;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
        if (c == 0x0153 || c == 0x0152) {  // œ Œ
            out += "oe";
        } else if (c == 0x00E6 || c == 0x00C6) {  // æ Æ
            out += "ae";
        } else if (c == 0x00DF) {  // ß
            out += "ss";
        } else if (u_isalnum(c)) {
            append_code_point(u_tolower(c), out);
        } else {
            out += ' ';
        }
    }
    return out;
}

// Latin letters with accents (U+0080 to U+024F) are nearly all the non-ASCII text of the
// catalogues: their folds are computed once, not asked of ICU at every occurrence.
constexpr UChar32 latin_end = 0x250;
const std::vector<std::string>& latin_folds() {
    static const std::vector<std::string> table = [] {
        std::vector<std::string> folds;
        for (UChar32 c = 0x80; c < latin_end; ++c) folds.push_back(fold_code_point(c));
        return folds;
    }();
    return table;
}

}  // namespace

std::string fold(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    auto separate = [&out] {
        if (!out.empty() && out.back() != ' ') out += ' ';
    };
    const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = static_cast<int32_t>(utf8.size());
    for (int32_t i = 0; i < length;) {
        const uint8_t b = bytes[i];
        if (b < 0x80) {  // plain ASCII, the bulk of catalogue text
            ++i;
            if ((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'))
                out += static_cast<char>(b);
            else if (b >= 'A' && b <= 'Z')
                out += static_cast<char>(b - 'A' + 'a');
            else
                separate();
            continue;
        }
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c < 0) {  // an invalid sequence separates words
            separate();
            continue;
        }
        const std::string folded = c < latin_end ? std::string() : fold_code_point(c);
        for (char f : c < latin_end ? latin_folds()[static_cast<size_t>(c - 0x80)] : folded) {
            if (f == ' ')
                separate();
            else
                out += f;
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::vector<std::string> words(std::string_view utf8) {
    std::vector<std::string> result;
    const std::string folded = fold(utf8);
    size_t start = 0;
    while (start < folded.size()) {
        size_t end = folded.find(' ', start);
        if (end == std::string::npos) end = folded.size();
        if (end > start) result.emplace_back(folded, start, end - start);
        start = end + 1;
    }
    return result;
}

}  // namespace cartoffre::detail
