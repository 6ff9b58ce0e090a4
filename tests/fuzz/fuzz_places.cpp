// The place resolver on the real gazetteer: resolve, suggest and complete any text. Short
// texts are also read by the regular expressions the hand-written forms replaced: both
// readings must agree.

#include <regex>

#include "cartoffre/error.hpp"
#include "fuzz_support.hpp"
#include "geo/place_text.hpp"

using namespace cartoffre;

namespace {

void same_as_expressions(const std::string& text) {
    static const std::regex point(
        R"(\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*[,;]\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*)");
    static const std::regex code_form(R"(\s*(insee|cp)\s*:\s*(\S+)\s*)", std::regex::icase);
    static const std::regex five(R"(\s*([0-9]{5}|2[abAB][0-9]{3})\s*)");
    static const std::regex strict(R"((.*\S)\s*\(\s*([0-9]{2,3}|2[abAB])\s*\)\s*)");
    static const std::regex loose(R"((.*\S)\s*\(\s*(\w{2,3})\s*\)\s*)");
    static const std::regex code_start(R"([0-9]{1,5}|2[ab][0-9]{0,3})");
    std::smatch m;
    const auto p = detail::match_point(text);
    fuzz::expect(p.has_value() == std::regex_match(text, m, point), "point");
    if (p) fuzz::expect(p->latitude == m[1].str() && p->longitude == m[2].str(), "point parts");
    const auto f = detail::match_code_form(text);
    fuzz::expect(f.has_value() == std::regex_match(text, m, code_form), "code form");
    if (f) fuzz::expect(f->code == m[2].str(), "code form parts");
    const auto v = detail::match_five(text);
    fuzz::expect(v.has_value() == std::regex_match(text, m, five), "five");
    if (v) fuzz::expect(*v == m[1].str(), "five parts");
    for (bool is_loose : {false, true}) {
        const auto n = detail::match_with_departement(text, is_loose);
        fuzz::expect(n.has_value() == std::regex_match(text, m, is_loose ? loose : strict),
                     "name (departement)");
        if (n)
            fuzz::expect(n->name == m[1].str() && n->departement == m[2].str(),
                         "name (departement) parts");
    }
    fuzz::expect(detail::is_code_start(text) == std::regex_match(text, code_start), "code start");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::real_gazetteer();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const Gazetteer& g = fuzz::real_gazetteer();
    const std::string text(fuzz::text_of(data, size));
    if (size <= 48) same_as_expressions(text);
    try {
        const Place place = g.resolve(text);
        fuzz::expect(!place.origins.empty() || !place.communes.empty(), "a place somewhere");
    } catch (const PlaceError&) {
    }
    // (resolve() already asks suggest() for the names it does not know.)
    const auto completions = g.complete(text);
    fuzz::expect(completions.size() <= 10, "at most 10 completions");
    return 0;
}
