#pragma once
// nlohmann's parse errors in French: "syntax error while parsing object - unexpected string
// literal; expected '}'" is what a data team reads when a catalogue or a mapping is not JSON.

#include <string>
#include <utility>

namespace cartoffre::detail {

// The explanation of a json::parse_error or json::out_of_range (a number too large for a
// double: "1e999"), in French; the position is the caller's to give.
inline std::string french_json_error(std::string what) {
    // "[json.exception.parse_error.101] parse error at line 1, column 20: WHY": keep WHY.
    if (const auto at = what.find("parse error"); at != std::string::npos) {
        if (const auto colon = what.find(": ", at); colon != std::string::npos)
            what = what.substr(colon + 2);
    } else if (what.rfind("[json.exception.", 0) == 0) {
        // "[json.exception.out_of_range.406] number overflow parsing '1e999'": keep the rest.
        if (const auto close = what.find("] "); close != std::string::npos)
            what = what.substr(close + 2);
    }
    static const std::pair<const char*, const char*> words[] = {
        {"syntax error while parsing object key", "erreur de syntaxe dans une clé d'objet"},
        {"syntax error while parsing object separator", "erreur de syntaxe après une clé d'objet"},
        {"syntax error while parsing object", "erreur de syntaxe dans un objet"},
        {"syntax error while parsing array", "erreur de syntaxe dans une liste"},
        {"syntax error while parsing value", "erreur de syntaxe dans une valeur"},
        {"syntax error while parsing", "erreur de syntaxe dans"},
        {" - unexpected ", " : inattendu : "},
        {" - invalid ", " : invalid "},
        {"missing closing quote", "guillemet fermant absent"},
        {"digit after", "un chiffre après"},
        {"; expected ", " ; attendu : "},
        {"invalid literal", "littéral non valide"},
        {"invalid string: ", "chaîne non valide : "},
        {"invalid string", "chaîne non valide"},
        {"invalid number", "nombre non valide"},
        {"number overflow parsing ", "nombre hors des limites d'un réel : "},
        {"last read: ", "dernière lecture : "},
        {"end of input", "fin du texte"},
        {"string literal", "chaîne"},
        {"number literal", "nombre"},
        {"true literal", "true"},
        {"false literal", "false"},
        {"null literal", "null"},
        {", or a literal", " ou un littéral"},
        {"or a literal", "ou un littéral"},
        {"control character", "caractère de contrôle"},
        {"must be escaped to", "à échapper en"},
        {"ill-formed UTF-8 byte", "octet UTF-8 mal formé"},
        {"missing or wrong low surrogate", "demi-code bas absent ou faux"},
        {"surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF",
         "un demi-code U+DC00..U+DFFF doit suivre U+D800..U+DBFF"},
        {"surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF",
         "un demi-code U+D800..U+DBFF doit être suivi de U+DC00..U+DFFF"},
        {"'\\u' must be followed by 4 hex digits",
         "'\\u' doit être suivi de 4 chiffres hexadécimaux"},
        {"attempting to parse an empty input; check that your input string or stream contains "
         "the expected JSON",
         "texte vide : aucun JSON"},
    };
    for (auto [english, french] : words)
        for (size_t at = what.find(english); at != std::string::npos;
             at = what.find(english, at + std::char_traits<char>::length(french)))
            what.replace(at, std::char_traits<char>::length(english), french);
    return what;
}

}  // namespace cartoffre::detail
