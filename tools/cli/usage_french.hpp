#pragma once
// The command-line parser's words in French: its help page's labels and its usage errors.
// CLI11 writes both in English; a caseworker who mistypes an option reads this instead.

#include <CLI/CLI.hpp>
#include <cerrno>
#include <initializer_list>
#include <memory>
#include <regex>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "cartoffre/error.hpp"

namespace cartoffre::cli {

// The help page's labels ("Usage", "TEXT", "REQUIRED"...) and the help flag, in French. Called
// on the main command before its subcommands are added: they take its formatter and help flag.
// An option with a choice among codes has the type "TEXT:{a, b}", which the labels below do not
// match whole: its "TEXT" is put in French here.
class FrenchFormatter : public CLI::Formatter {
  public:
    std::string make_option_opts(const CLI::Option* option) const override {
        std::string out = CLI::Formatter::make_option_opts(option);
        if (const auto at = out.find("TEXT:"); at != std::string::npos) out.replace(at, 4, "TEXTE");
        return out;
    }
};

inline void speak_french(CLI::App& app) {
    app.set_help_flag("-h,--help", "Afficher cette aide");
    app.formatter(std::make_shared<FrenchFormatter>());
    auto formatter = app.get_formatter();
    for (auto [english, french] : std::initializer_list<std::pair<const char*, const char*>>{
             {"Usage", "Usage"},
             {"OPTIONS", "OPTIONS"},
             {"SUBCOMMAND", "SOUS-COMMANDE"},
             {"SUBCOMMANDS", "SOUS-COMMANDES"},
             {"Positionals", "Arguments"},
             {"REQUIRED", "OBLIGATOIRE"},
             {"Needs", "Demande"},
             {"Excludes", "Exclut"},
             {"Env", "Variable"},
             {"TEXT", "TEXTE"},
             {"INT", "ENTIER"},
             {"UINT", "ENTIER"},
             {"FLOAT", "DÉCIMAL"},
             {"BOOLEAN", "OUI/NON"},
         })
        formatter->label(english, french);
}

// Subcommands are listed under "Subcommands" unless they say otherwise.
inline void french_subcommand_group(CLI::App& app) {
    for (CLI::App* sub : app.get_subcommands({})) sub->group("Sous-commandes");
}

// A choice among codes, refused in French (CLI::IsMember says "x not in {a,b}").
inline CLI::Validator one_of(std::vector<std::string> choices) {
    std::string listed;
    for (const auto& c : choices) listed += (listed.empty() ? "" : ", ") + c;
    return CLI::Validator(
        [choices, listed](std::string& value) -> std::string {
            for (const auto& c : choices)
                if (value == c) return {};
            return "« " + value + " » n'est pas une valeur possible (" + listed + ")";
        },
        "{" + listed + "}");
}

// A system error in French (cartoffre/error.hpp): the C library's text is English on a server
// without French locales.
inline std::string system_error_text(const std::error_code& code) {
    return cartoffre::system_error_text(code.value());
}

// A usage error in French, naming the option and the value as CLI11's English message did.
inline std::string french_usage_error(const CLI::Error& e) {
    static const std::vector<std::pair<std::regex, std::string>> rules = [] {
        std::vector<std::pair<std::regex, std::string>> r;
        auto add = [&r](const char* english, const char* french) {
            r.emplace_back(std::regex(english), french);
        };
        add("^(.*): 1 required (\\S+) missing$", "$1 : une valeur est attendue");
        add("^(.*): (\\d+) required (\\S+) missing$", "$1 : $2 valeurs sont attendues");
        add("^(.*): At Most (\\d+) required but received (\\d+)$",
            "$1 : au plus $2 valeur(s), $3 reçue(s)");
        add("^(.*): At least (\\d+) required but received (\\d+)$",
            "$1 : au moins $2 valeur(s), $3 reçue(s)");
        add("^Expected exactly (\\d+) arguments to (.*), got (\\d+)$",
            "$2 : exactement $1 valeur(s), $3 reçue(s)");
        add("^Expected at least (\\d+) arguments to (.*), got (\\d+)$",
            "$2 : au moins $1 valeur(s), $3 reçue(s)");
        add("^(.*) was given a disallowed flag override$",
            "$1 : cette option ne prend pas de valeur");
        add("^The following arguments? (?:was|were) not expected: (.*)$",
            "argument(s) en trop ou inconnu(s) : $1");
        add("^A subcommand is required$", "une sous-commande est attendue");
        add("^Requires at least (\\d+) subcommands$", "une sous-commande est attendue");
        add("^(.*) is required$", "$1 est obligatoire");
        add("^Exactly 1 option from \\[(.*)\\].*$", "une seule option parmi [$1]");
        add("^At least 1 option from \\[(.*)\\]$", "au moins une option parmi [$1]");
        add("^The value (.*) is not an allowed value for (.*)$",
            "$2 : la valeur « $1 » n'est pas permise");
        add("^Could not convert: (.*) = (.*)$", "$1 : « $2 » ne se lit pas");
        add("^(.*): too many inputs for a flag$", "$1 : trop de valeurs pour cette option");
        add("^(.*): Should be true/false or a number$", "$1 : oui, non, true, false ou un nombre");
        add("^(.*) requires (.*)$", "$1 demande $2");
        add("^(.*) excludes (.*)$", "$1 ne va pas avec $2");
        add("^(.*) not found$", "$1 : option inconnue");
        add("^(.*) was not readable \\(missing\\?\\)$", "$1 : fichier illisible (absent ?)");
        return r;
    }();
    const std::string what = e.what();
    for (const auto& [pattern, french] : rules)
        if (std::regex_match(what, pattern)) return std::regex_replace(what, pattern, french);
    return what;  // a validator's message: cartoffre's own, already French
}

}  // namespace cartoffre::cli
