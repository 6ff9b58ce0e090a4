#pragma once
// How the command line shows results to people: a French table (JSON for tools is
// lib/index/json_shape.hpp, shared with Python).

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "cartoffre/query.hpp"

namespace cartoffre::cli {

// Cuts a UTF-8 string to at most `width` characters, with an ellipsis when cut.
inline std::string fit(const std::string& s, size_t width) {
    size_t chars = 0, i = 0;
    for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xc0) == 0x80) continue;
        if (chars == width) break;
        ++chars;
    }
    if (i >= s.size()) return s + std::string(width - chars, ' ');
    std::string cut = s.substr(0, i);
    // Step back one character for the ellipsis.
    size_t j = cut.size();
    while (j > 0 && (static_cast<unsigned char>(cut[j - 1]) & 0xc0) == 0x80) --j;
    if (j > 0) --j;
    return cut.substr(0, j) + "…";
}

// ANSI colours for a terminal: the verdict in green, yellow or red (no criterion known: the
// terminal's own colour, bold), the distance dim. Only when
// stdout is a terminal and NO_COLOR (no-color.org) is unset or empty; never in a pipe or file.
inline bool colour_wanted() {
    const char* no_colour = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
}

inline std::string paint(const std::string& text, const char* code, bool colour) {
    return colour ? std::string("\033[") + code + "m" + text + "\033[0m" : text;
}

inline const char* verdict_colour(Verdict v) {
    switch (v) {
        case Verdict::no_criteria:
            return "1";
        case Verdict::eligible:
            return "32";
        case Verdict::to_check:
            return "33";
        case Verdict::ineligible:
            return "31";
    }
    return "0";
}

// The table fits `columns` characters a line (the first reason is cut to fit); colour codes add
// no width on a terminal.
inline void print_table(const Results& r, size_t columns, bool colour = false) {
    if (r.place) std::printf("Lieu : %s\n", r.place->label.c_str());
    for (auto& n : r.notices) std::printf("Note : %s\n", n.c_str());
    if (r.corrected)
        std::printf("Aucun résultat pour les mots tapés ; résultats pour : %s\n",
                    r.suggestion.c_str());
    else if (!r.suggestion.empty())
        std::printf("Vouliez-vous dire : %s ?\n", r.suggestion.c_str());
    for (auto& u : r.understood)
        std::printf("Compris : « %s » : %s\n", u.words.c_str(), u.meaning.c_str());
    std::printf("%zu offre%s trouvée%s\n", r.total, r.total > 1 ? "s" : "", r.total > 1 ? "s" : "");
    if (r.hits.empty()) return;
    // One column to spare so that a full line never wraps; narrow terminals (40 columns at
    // least) narrow the commune too.
    columns = std::max<size_t>(columns, 40);
    const size_t distance_width = 12, commune_width = std::min<size_t>(20, columns / 5);
    const size_t rest = columns - distance_width - commune_width - 3;
    const size_t name_width = rest * 3 / 5, structure_width = rest - name_width - 1;
    // Cells are padded to their width; a line's trailing spaces are dropped.
    auto print_line = [](std::string line) {
        line.erase(line.find_last_not_of(' ') + 1);
        std::printf("%s\n", line.c_str());
    };
    print_line(fit("Offre", name_width) + " " + fit("Structure", structure_width) + " " +
               fit("Distance", distance_width) + " " + fit("Commune", commune_width));
    for (auto& h : r.hits) {
        // Where the offer is, as known: a distance from its address, "≈" from its commune's
        // centre (no address), remote, or nowhere known (neither near nor remote).
        char distance[32] = "";
        if (h.distance_km)
            std::snprintf(distance, sizeof distance, "%s%.1f km",
                          h.offer.location_approximate ? "≈ " : "", *h.distance_km);
        else if (h.offer.is_remote())
            std::snprintf(distance, sizeof distance, "à distance");
        else if (!h.offer.location() && h.offer.code_insee.empty() && h.offer.commune.empty())
            std::snprintf(distance, sizeof distance, "lieu inconnu");
        print_line(fit(h.offer.nom, name_width) + " " +
                   fit(h.offer.structure_nom, structure_width) + " " +
                   paint(fit(distance, distance_width), "2", colour) + " " +
                   fit(h.offer.commune, commune_width));
        if (!h.eligibility) continue;
        const auto& e = *h.eligibility;
        const std::string label = verdict_label(e.verdict);
        std::string line = "  " + label;
        // The first reason says why: what fails, what to check, or what the person meets.
        if (!e.reasons.empty()) line += " : " + e.reasons.front().text;
        line = fit(line, columns > 2 ? columns - 1 : 40);
        // The label is never cut: it is 19 characters at most, well within any width.
        print_line("  " + paint(label, verdict_colour(e.verdict), colour) +
                   line.substr(2 + label.size()));
    }
    if (!r.next_cursor.empty()) std::printf("Suite : --cursor %s\n", r.next_cursor.c_str());
}

}  // namespace cartoffre::cli
