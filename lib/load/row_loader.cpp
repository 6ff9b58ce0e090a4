// One row of a partner's file made an offer through its mapping (load/row_loader.hpp): the
// checks and repairs of its text, zones, hours and coordinates. Nothing is lost silently.

#include "load/row_loader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <string_view>

#include "cartoffre/hours.hpp"
#include "load/html_text.hpp"
#include "load/zone_templates.hpp"

namespace cartoffre::detail {

namespace {

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// The same without a copy, for the values a row is mapped into.
void trim(std::string& s) {
    size_t last = s.size();
    while (last > 0 && blank(s[last - 1])) --last;
    s.resize(last);
    size_t first = 0;
    while (first < s.size() && blank(s[first])) ++first;
    s.erase(0, first);
}

// "48.85", " 48,85 " (a decimal comma, as French spreadsheets write it); nothing otherwise.
std::optional<double> decimal(std::string text) {
    text = trimmed(text);
    if (text.empty()) return std::nullopt;
    if (std::count(text.begin(), text.end(), ',') == 1 && text.find('.') == std::string::npos)
        std::replace(text.begin(), text.end(), ',', '.');
    double value = 0;
    const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
    const auto [end, error] = std::from_chars(begin, text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// No byte above 0x7F: eight bytes at a time, as most catalogue text is plain ASCII.
bool plain_ascii(const std::string& text) {
    uint64_t high = 0;
    size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        high |= word;
    }
    for (; i < text.size(); ++i) high |= static_cast<unsigned char>(text[i]);
    return (high & 0x8080808080808080ull) == 0;
}

// True when `text` is well-formed UTF-8 (RFC 3629).
bool is_utf8(const std::string& text) {
    for (size_t i = 0; i < text.size();) {
        // French text is mostly ASCII between its accents: skip it eight bytes at a time.
        uint64_t word;
        if (i + 8 <= text.size() &&
            (std::memcpy(&word, text.data() + i, 8), (word & 0x8080808080808080ull) == 0)) {
            i += 8;
            continue;
        }
        const unsigned char b = static_cast<unsigned char>(text[i]);
        size_t length = b < 0x80                 ? 1
                        : b >= 0xC2 && b <= 0xDF ? 2
                        : b >= 0xE0 && b <= 0xEF ? 3
                        : b >= 0xF0 && b <= 0xF4 ? 4
                                                 : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        if (length == 3 && b == 0xE0 && static_cast<unsigned char>(text[i + 1]) < 0xA0)
            return false;  // overlong
        if (length == 3 && b == 0xED && static_cast<unsigned char>(text[i + 1]) > 0x9F)
            return false;  // surrogate
        if (length == 4 && b == 0xF0 && static_cast<unsigned char>(text[i + 1]) < 0x90)
            return false;
        if (length == 4 && b == 0xF4 && static_cast<unsigned char>(text[i + 1]) > 0x8F)
            return false;
        i += length;
    }
    return true;
}

// UTF-8 read as Latin-1 turns "é" (C3 A9) into "Ã©": an "Ã" or "Â" followed by a character of
// U+0080..U+00BF, as UTF-8 bytes C3 83|82 C2 80..BF. French text has no such pair.
bool looks_double_encoded(const std::string& text) {
    for (size_t i = 0; i + 3 < text.size(); ++i) {
        const void* found = std::memchr(text.data() + i, '\xC3', text.size() - 3 - i);
        if (!found) return false;
        i = static_cast<size_t>(static_cast<const char*>(found) - text.data());
        if ((text[i + 1] == '\x83' || text[i + 1] == '\x82') && text[i + 2] == '\xC2' &&
            static_cast<unsigned char>(text[i + 3]) >= 0x80 &&
            static_cast<unsigned char>(text[i + 3]) <= 0xBF)
            return true;
    }
    return false;
}

}  // namespace

RowLoader::RowLoader(const Mapping::Impl& m, const Gazetteer& g, const Taxonomy& t,
                     LoadReport& report)
    : m_map(m), m_gazetteer(g), m_checks(g, t, report), m_scope(m.row_filters) {
    // The fields' members found once, not by name for every row.
    for (auto& [field, pattern] : m_map.fields) {
        Field f{&field, detail::text_member(field), {}};
        // A template of one column ("{nom}") is read straight from the row, as fill()
        // would give it: most are, and a load fills a dozen per row.
        if (pattern.size() > 2 && pattern.front() == '{' && pattern.back() == '}' &&
            pattern.find_first_of("{}|", 1) == pattern.size() - 1)
            f.column = pattern.substr(1, pattern.size() - 2);
        m_fields.push_back({f, &pattern});
    }
}

void RowLoader::load(const detail::Row& row, std::vector<Offer>& out) {
    if (!make(row, out.emplace_back())) out.pop_back();
}

void RowLoader::finish(LoadReport& report) const {
    for (auto& left : m_scope.left_out()) {
        report.out_of_scope += left.rows;
        report.out_of_scope_values.push_back({left.column, left.value, left.rows});
    }
}

bool RowLoader::make(const detail::Row& row, Offer& o) {
    m_row = &row;
    m_local_id = detail::fill(m_map.id, row);
    m_checks.begin(row.position, m_local_id);
    if (!row.problem.empty()) return reject("ligne", "", row.problem);
    if (!m_scope.in_scope(
            [&](const std::string& column) -> const std::string& { return row[column]; }))
        return false;  // out of the catalogue's scope: counted, neither loaded nor rejected
    if (m_local_id.empty())
        return reject("id", "", "pas d'identifiant stable : " + m_map.id + " est vide");
    auto [first, fresh] = m_seen.emplace(m_local_id, row.position);
    if (!fresh)
        return reject("id", m_local_id,
                      "identifiant en double, déjà vu à la ligne " + std::to_string(first->second));
    o.source = m_map.source;
    o.id = m_map.source + "--" + m_local_id;
    o.structure_id = o.id;
    for (auto& [field, values] : m_map.constants) detail::set_field(o, field, values);
    for (auto& [field, pattern] : m_fields) {
        if (field.text && !field.column.empty()) {
            const std::string& raw = row[field.column];
            if (raw == "NULL") continue;  // as fill() reads it
            size_t first = 0, last = raw.size();
            while (last > 0 && blank(raw[last - 1])) --last;
            while (first < last && blank(raw[first])) ++first;
            if (first < last) (o.*field.text).assign(raw, first, last - first);
            continue;
        }
        std::string value = detail::fill(*pattern, row);
        trim(value);
        if (value.empty()) continue;
        if (field.text)
            o.*field.text = std::move(value);
        else if (!detail::set_field(o, *field.name, {value}))
            warn(*field.name, value, "pas un nombre entier : laissé de côté");
    }
    for (auto& vm : m_map.values) apply(vm, o);
    // 0 to 99 is how a form says "any age" (Soliguide's default): no bound, not a criterion.
    if (o.criteria.age_min == 0) o.criteria.age_min.reset();
    if (o.criteria.age_max >= 99) o.criteria.age_max.reset();
    encoding(o);
    if (o.nom.empty()) return reject("nom", "", "nom manquant");
    zone(o);
    zone_templates(o);
    m_checks.zones(o);
    o.telephone = detail::french_phone(o.telephone);
    if (o.structure_nom.empty()) o.structure_nom = o.nom;
    m_checks.codes(o);
    m_checks.date(o);
    hours(o);
    m_checks.place(o, coordinates());
    m_checks.end();
    return true;
}

bool RowLoader::reject(const std::string& field, const std::string& value, const std::string& why) {
    return m_checks.reject(field, value, why);
}

void RowLoader::warn(const std::string& field, const std::string& value, const std::string& why) {
    m_checks.warn(field, value, why);
}

void RowLoader::apply(const Mapping::Impl::ValueMap& vm, Offer& o) {
    const std::string& raw = (*m_row)[vm.column];
    m_texts_set.clear();  // a text field takes the column's first value
    if (vm.split.empty()) {
        apply_item(vm, trimmed(raw), o);
        return;
    }
    // Items one at a time, into one buffer: a value map runs on every row.
    for (size_t start = 0; start <= raw.size();) {
        size_t end = raw.find(vm.split, start);
        if (end == std::string::npos) end = raw.size();
        size_t first = start, last = end;
        while (first < last && blank(raw[first])) ++first;
        while (last > first && blank(raw[last - 1])) --last;
        if (first < last) apply_item(vm, m_item.assign(raw, first, last - first), o);
        start = end + vm.split.size();
    }
}

void RowLoader::apply_item(const Mapping::Impl::ValueMap& vm, const std::string& item, Offer& o) {
    if (item.empty()) return;
    auto found = vm.map.find(item);
    if (found == vm.map.end() && !vm.table.empty()) {
        warn(vm.column, item,
             vm.no_equivalent.count(item) ? "sans équivalent dans " + vm.table + ", laissé de côté"
                                          : "absent de " + vm.table + ", laissé de côté");
        return;
    }
    const auto& fields = found != vm.map.end() ? found->second : vm.otherwise;
    // Not a structured binding: clang (the sanitizer build) does not let a lambda capture one.
    for (auto& entry : fields) {
        const std::string& field = entry.first;
        const auto& values = entry.second;
        if (detail::is_text_field(field)) {
            if (std::find_if(m_texts_set.begin(), m_texts_set.end(), [&](const std::string* set) {
                    return *set == field;
                }) != m_texts_set.end())
                continue;
            m_texts_set.push_back(&field);
        }
        if (!detail::is_criteria_field(field)) {
            detail::set_field(o, field, values);
            continue;
        }
        // A criterion's value may be a template of the row: "{publics.age.min}" under an
        // exclusive welcome only.
        std::vector<std::string> filled;
        for (auto& value : values) {
            filled.push_back(value.find('{') == std::string::npos ? value
                                                                  : detail::fill(value, *m_row));
            trim(filled.back());
        }
        if (!detail::set_field(o, field, filled))
            warn(field, filled.empty() ? "" : filled.front(),
                 "pas un nombre entier : laissé de côté");
    }
}

// Text in the wrong encoding: bytes that are not UTF-8 (a Latin-1 file read as UTF-8) are
// read as Latin-1 and warned; UTF-8 read as Latin-1 is warned (the text stays as read).
void RowLoader::encoding(Offer& o) {
    detail::for_each_text_field(o, [&](const char* field, std::string& value) {
        if (!plain_ascii(value)) {
            if (!is_utf8(value)) {
                value = latin1_to_utf8(value);
                warn(field, value,
                     "pas en UTF-8, lu comme ISO-8859-1 : déclarez \"encoding\": \"ISO-8859-1\" "
                     "dans le mapping");
            } else if (looks_double_encoded(value)) {
                warn(field, value,
                     "texte UTF-8 lu comme ISO-8859-1 (\"Ã©\" pour \"é\") : retirez "
                     "\"encoding\" du mapping");
            }
        }
        // Text written as HTML reads as plain text ("&#224;" is "à", "<p>" a line).
        if (value.find_first_of("&<") != std::string::npos && detail::looks_like_html(value))
            value = detail::html_to_text(value);
    });
}

// data·inclusion v0 zone_diffusion: a commune, EPCI or département code as it is, a region
// as its départements, the country as "france".
void RowLoader::zone(Offer& o) {
    if (m_map.zone_type.empty()) return;
    const std::string type = trimmed((*m_row)[m_map.zone_type]);
    const std::string code = trimmed((*m_row)[m_map.zone_code]);
    if (type.empty()) return;
    auto add = [&](const std::string& z) { detail::set_field(o, "zone_eligibilite", {z}); };
    if (type == "pays") {
        add("france");
    } else if (type == "commune" && m_gazetteer.find_code(code)) {
        add(code);
    } else if (type == "epci" && code.size() == 9 &&
               code.find_first_not_of("0123456789") == std::string::npos) {
        add(code);
    } else if (type == "departement" && m_gazetteer.is_departement(code)) {
        add(code);
    } else if (type == "region" && m_gazetteer.is_region(code)) {
        for (auto& d : m_gazetteer.departements_of_region(code)) add(d);
    } else {
        warn("zone_eligibilite", type + " " + code, "zone inconnue, laissée de côté");
    }
}

// "departement:{code_insee}" and the like, resolved through the gazetteer from the row.
void RowLoader::zone_templates(Offer& o) {
    if (m_map.zone_templates.empty()) return;
    std::vector<std::string> zones;
    auto add = [&](const std::string& code) {
        if (std::find(zones.begin(), zones.end(), code) == zones.end()) zones.push_back(code);
    };
    for (const std::string& value : o.zone_eligibilite) {
        if (!detail::is_zone_template(value)) {
            add(value);
            continue;
        }
        std::string why;
        for (auto& code : detail::resolve_zone_template(value, *m_row, m_gazetteer, why)) add(code);
        if (!why.empty()) warn("zone_eligibilite", value, why);
    }
    o.zone_eligibilite = std::move(zones);
}

// "900;1400" and "1200;1800" -> "09:00 - 12:00 / 14:00 - 18:00"; empty when a time is not
// a time of day or the lists differ in length.
std::string RowLoader::slots(const std::string& opens, const std::string& closes) {
    auto times = [](const std::string& list) {
        std::vector<std::string> out;
        for (size_t start = 0; start < list.size();) {
            size_t end = list.find(';', start);
            if (end == std::string::npos) end = list.size();
            std::string t = trimmed(list.substr(start, end - start));
            t.erase(std::remove(t.begin(), t.end(), ':'), t.end());
            if (t.empty() || t.size() > 4 || t.find_first_not_of("0123456789") != t.npos ||
                std::stoi(t) % 100 > 59 || std::stoi(t) > 2400)
                return std::vector<std::string>{"?"};
            t.insert(0, 4 - t.size(), '0');
            out.push_back(t.substr(0, 2) + ":" + t.substr(2));
            start = end + 1;
        }
        return out;
    };
    const auto o = times(opens), c = times(closes);
    if (o.size() != c.size() || (!o.empty() && o[0] == "?") || (!c.empty() && c[0] == "?"))
        return "?";
    std::string text;
    for (size_t i = 0; i < o.size(); ++i) text += (i ? " / " : "") + o[i] + " - " + c[i];
    return text;
}

void RowLoader::hours(Offer& o) {
    if (!m_map.hours_days.empty() || m_map.hours_slots) {
        static const char* const week[] = {"monday", "tuesday",  "wednesday", "thursday",
                                           "friday", "saturday", "sunday"};
        std::array<std::string, 7> texts;
        std::array<std::string_view, 7> days;
        std::string joined;
        const size_t count = m_map.hours_slots ? 7 : m_map.hours_days.size();
        for (size_t d = 0; d < count; ++d) {
            if (m_map.hours_slots) {
                const auto& s = *m_map.hours_slots;
                const std::string day = s.week + "." + week[d];
                texts[d] = slots((*m_row)[day + "." + s.opens], (*m_row)[day + "." + s.closes]);
            } else {
                texts[d] = trimmed((*m_row)[m_map.hours_days[d]]);
            }
            joined += (d ? " | " : "") + texts[d];
        }
        for (size_t d = 0; d < 7; ++d) days[d] = texts[d];
        if (joined.find_first_not_of(" |-") == std::string::npos) return;  // no hours given
        const HoursParse parsed = OpeningHours::from_weekday_columns(days);
        if (parsed.hours) {
            o.horaires_accueil = parsed.hours->to_osm();
        } else {
            o.horaires_accueil = joined;
            warn("horaires_accueil", joined,
                 "horaires non compris, gardés en texte : " + parsed.error);
        }
        return;
    }
    if (!m_map.hours_text.empty()) {
        std::string column = trimmed((*m_row)[m_map.hours_text]);
        if (column.empty()) return;
        o.horaires_accueil = std::move(column);
    }
    m_checks.hours(o);
}

// The row's coordinates, if usable: read (decimal commas too), finite, in France (swapped
// ones put back), not 0,0.
std::optional<LatLon> RowLoader::coordinates() {
    LatLon p;
    if (!m_map.latitude.empty()) {
        const std::string& lat_text = (*m_row)[m_map.latitude];
        const std::string& lon_text = (*m_row)[m_map.longitude];
        if (trimmed(lat_text).empty() && trimmed(lon_text).empty()) return std::nullopt;
        const auto lat = decimal(lat_text), lon = decimal(lon_text);
        if (!lat || !lon) {
            warn("latitude/longitude", lat_text + "," + lon_text, "pas un nombre, laissé de côté");
            return std::nullopt;
        }
        p = {*lat, *lon};
    } else if (m_row->x && m_row->y) {
        p = {*m_row->y, *m_row->x};
    } else {
        return std::nullopt;
    }
    return m_checks.usable(p);
}

}  // namespace cartoffre::detail
