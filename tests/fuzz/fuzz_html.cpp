// Catalogue text as HTML (lib/load/html_text.cpp) on any bytes: never longer than its input (a
// reference is longer than its character, a tag than what it leaves), and text that does not
// look like HTML has no reference or known tag to change.

#include "fuzz_support.hpp"
#include "load/html_text.hpp"

using namespace cartoffre;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // A copy the exact size of the input, so that AddressSanitizer sees any read past its end.
    const std::string text(fuzz::text_of(data, size));
    const std::string out = detail::html_to_text(text);
    fuzz::expect(out.size() <= text.size(), "no longer than the input");
    if (!detail::looks_like_html(text) && text.find('\n') == std::string::npos &&
        text.find_first_of(" \t") != 0 &&
        (text.empty() || (text.back() != ' ' && text.back() != '\t')))
        fuzz::expect(out == text, "text without markup is kept");
    return 0;
}
