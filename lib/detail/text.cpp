#include "detail/text.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace cartoffre::detail {

namespace {

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

// Fast path for plain ASCII, the bulk of catalogue text.
void fold_ascii(std::string_view s, std::string& out) {
    for (unsigned char c : s) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            out += static_cast<char>(c);
        } else if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c - 'A' + 'a');
        } else if (!out.empty() && out.back() != ' ') {
            out += ' ';
        }
    }
}

void append_code_point(UChar32 c, std::string& out) {
    icu::UnicodeString u(c);
    u.toUTF8String(out);
}

}  // namespace

std::string fold(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    if (is_ascii(utf8)) {
        fold_ascii(utf8, out);
    } else {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
        icu::UnicodeString text = icu::UnicodeString::fromUTF8(
            icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
        icu::UnicodeString decomposed = U_SUCCESS(status) ? nfkd->normalize(text, status) : text;
        if (U_FAILURE(status)) decomposed = text;
        for (int32_t i = 0; i < decomposed.length();) {
            UChar32 c = decomposed.char32At(i);
            i += U16_LENGTH(c);
            if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
            if (c == 0x0153 || c == 0x0152) {  // œ Œ
                out += "oe";
            } else if (c == 0x00E6 || c == 0x00C6) {  // æ Æ
                out += "ae";
            } else if (c == 0x00DF) {  // ß
                out += "ss";
            } else if (u_isalnum(c)) {
                UChar32 lower = u_tolower(c);
                if (lower < 0x80)
                    out += static_cast<char>(lower);
                else
                    append_code_point(lower, out);
            } else if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
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
