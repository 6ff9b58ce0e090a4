// Opening hours of the real catalogues (read in place from the shared data): a hand-checked
// sample of their texts with the week a person reads in each, and the share understood per file.

#include <array>
#include <catch2/catch.hpp>
#include <iterator>
#include <set>
#include <stdexcept>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/hours.hpp"
#include "load/hours_catalogues.hpp"
#include "support/hours_week.hpp"

using namespace cartoffre;
using testing::expand_week;
using testing::week_text;
namespace fs = std::filesystem;

namespace {

struct Catalogues {
    std::vector<detail::CatalogueHours> data_inclusion, conseillers, france_services;
};

const Catalogues& catalogues() {
    static const Catalogues loaded = [] {
        const fs::path dir = shared_data_dir() / "catalogues";
        if (!fs::is_directory(dir))
            throw std::runtime_error("the shared data is missing: no directory " + dir.string() +
                                     " (set CARTOFFRE_SHARED_DATA)");
        return Catalogues{
            detail::read_mednum_hours(dir / "mednum_data_inclusion_2022.json.gz"),
            detail::read_mednum_hours(dir / "mednum_conseillers_numeriques_lieux_2022.json.gz"),
            detail::read_france_services_hours(dir / "france_services_20221201.csv")};
    }();
    return loaded;
}

constexpr const char* fail = "FAIL";

// A text of a mednum file (m), or a France services row (f) as its six day columns from Monday
// joined by " | ". Expected: the week as read by hand, or FAIL when it cannot be read with
// certainty.
struct Sample {
    char source;
    const char* text;
    const char* expected;
};

// clang-format off
const Sample samples[] = {
    // OSM, one rule or several; later rules replace earlier ones for their days.
    {'m', "Mo-Fr 09:00-12:00,14:00-17:00", "Mo-Fr 09:00-12:00,14:00-17:00"},
    {'m', "Mo-Fr 09:00-12:30,13:30-17:00", "Mo-Fr 09:00-12:30,13:30-17:00"},
    {'m', "Mo-Th 08:30-12:30,13:30-17:30; Fr 08:30-12:30,13:30-16:30", "Mo-Th 08:30-12:30,13:30-17:30 | Fr 08:30-12:30,13:30-16:30"},
    {'m', "We 09:00-12:00", "We 09:00-12:00"},
    {'m', "Mo,We 09:00-12:00,13:45-17:30; Tu 09:00-12:00,15:30-17:30; Th 13:45-17:30; Fr 09:00-12:00", "Mo,We 09:00-12:00,13:45-17:30 | Tu 09:00-12:00,15:30-17:30 | Th 13:45-17:30 | Fr 09:00-12:00"},
    {'m', "Mo-Fr 09:00-12:00,14:00-17:00; We off", "Mo-Tu,Th-Fr 09:00-12:00,14:00-17:00"},
    {'m', "Mo-Th 09:00-12:00,14:00-17:00; Fr 09:00-12:00", "Mo-Th 09:00-12:00,14:00-17:00 | Fr 09:00-12:00"},
    {'m', "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00", "Mo-Fr 09:00-12:00,14:00-18:00 | Sa 09:00-12:00"},
    {'m', "Tu-Fr 09:00-12:00,14:00-17:00; Mo 14:00-17:00", "Mo 14:00-17:00 | Tu-Fr 09:00-12:00,14:00-17:00"},
    {'m', "Mo-Fr 09:00-12:00,14:00-17:00; Tu 09:00-12:00", "Mo,We-Fr 09:00-12:00,14:00-17:00 | Tu 09:00-12:00"},
    {'m', "Mo-Th 08:30-12:30,13:30-17:30; We 13:30-17:30; Fr 08:30-12:30,13:30-16:30", "Mo-Tu,Th 08:30-12:30,13:30-17:30 | We 13:30-17:30 | Fr 08:30-12:30,13:30-16:30"},
    {'m', "Tu-Fr 09:00-12:00; Mo 14:00-16:00; We off", "Mo 14:00-16:00 | Tu,Th-Fr 09:00-12:00"},
    {'m', "Mo-Fr 08:00-12:00,13:00-17:00; Tu 13:00-17:00", "Mo,We-Fr 08:00-12:00,13:00-17:00 | Tu 13:00-17:00"},
    {'m', "Tu-Fr 09:00-12:00,14:00-17:00; Th off", "Tu-We,Fr 09:00-12:00,14:00-17:00"},
    {'m', "Tu-Fr 13:30-18:00; We 10:00-12:00,13:30-18:00; Sa 10:00-12:00,13:30-17:00", "Tu,Th-Fr 13:30-18:00 | We 10:00-12:00,13:30-18:00 | Sa 10:00-12:00,13:30-17:00"},
    {'m', "We-Sa 10:00-13:00,14:00-18:00; Tu 14:00-18:00; Th off", "Tu 14:00-18:00 | We,Fr-Sa 10:00-13:00,14:00-18:00"},
    {'m', "Mo-Fr 09:00-12:30,14:00-17:00; Th 10:00-12:30,14:00-17:00; Sa 09:00-12:00; We off", "Mo-Tu,Fr 09:00-12:30,14:00-17:00 | Th 10:00-12:30,14:00-17:00 | Sa 09:00-12:00"},
    {'m', "Sa,Su 10:00-11:30; Mo 16:30-18:00; Tu 17:30-19:00; We 09:00-12:00,14:30-16:30; Th 11:00-12:00; Fr 15:00-18:30", "Mo 16:30-18:00 | Tu 17:30-19:00 | We 09:00-12:00,14:30-16:30 | Th 11:00-12:00 | Fr 15:00-18:30 | Sa-Su 10:00-11:30"},
    {'m', "Tu-Fr 14:00-19:00; We 10:00-12:30,14:00-19:00; Sa 10:00-13:00,13:00-17:00", "Tu,Th-Fr 14:00-19:00 | We 10:00-12:30,14:00-19:00 | Sa 10:00-17:00"},
    {'m', "Tu-Th 08:00-12:00,13:00-16:00; Mo 08:00-09:00,13:00-16:00; Fr 08:00-12:00,13:00-15:00", "Mo 08:00-09:00,13:00-16:00 | Tu-Th 08:00-12:00,13:00-16:00 | Fr 08:00-12:00,13:00-15:00"},
    {'m', "Tu-Sa 08:00-13:00; We 08:00-13:00,13:30-17:00; Th 14:30-17:00", "Tu,Fr-Sa 08:00-13:00 | We 08:00-13:00,13:30-17:00 | Th 14:30-17:00"},
    {'m', "Mo-Fr 10:00-12:00,14:00-17:00; We 14:00-17:00", "Mo-Tu,Th-Fr 10:00-12:00,14:00-17:00 | We 14:00-17:00"},
    {'m', "Mo-Fr 08:30-17:30; Sa 09:00-12:00", "Mo-Fr 08:30-17:30 | Sa 09:00-12:00"},
    {'m', "Tu 11:00-14:00; We 10:00-12:00,14:00-19:00; Fr 16:00-19:00; Sa 10:00-12:00", "Tu 11:00-14:00 | We 10:00-12:00,14:00-19:00 | Fr 16:00-19:00 | Sa 10:00-12:00"},
    {'m', "Mo-Fr 08:45-12:00,13:30-16:45; Tu 08:45-12:00,15:00-17:00", "Mo,We-Fr 08:45-12:00,13:30-16:45 | Tu 08:45-12:00,15:00-17:00"},
    // OSM oddities: wrapping past midnight, zero-length ranges, French times, overlaps, no days.
    {'m', "Mo-Th 07:00-12:00,13:00-16:00; Fr 17:00-12:00", "Mo-Th 07:00-12:00,13:00-16:00 | Fr 17:00-24:00 | Sa 00:00-12:00"},
    {'m', "Fr 19:00-11:00", "Fr 19:00-24:00 | Sa 00:00-11:00"},
    {'m', "Tu 18:00-18:00; We 10:00-18:00; Th 10:00-12:00,14:00-18:00; Fr 14:00-18:00; Sa 09:00-12:30,14:00-17:30", "We 10:00-18:00 | Th 10:00-12:00,14:00-18:00 | Fr 14:00-18:00 | Sa 09:00-12:30,14:00-17:30"},
    {'m', "Mo-Fr 15:30-18:00; We 09:30-11:30,14:30-18:30; Sa 11:00-11:00,17:00-17:00", "Mo-Tu,Th-Fr 15:30-18:00 | We 09:30-11:30,14:30-18:30"},
    {'m', "Mo,Tu 13:30-15:30; Th 00:00-00:00; Fr 13:30-13:30", "Mo-Tu 13:30-15:30"},
    {'m', "Mo-Th 10h00-12h30,13h30-17h00; Fr 09h30-12h30,13h30-18h30; Sa 09h30-12h30; We off", "Mo-Tu,Th 10:00-12:30,13:30-17:00 | Fr 09:30-12:30,13:30-18:30 | Sa 09:30-12:30"},
    {'m', "Mo-Fr 9h-12h30,13h30-17h", "Mo-Fr 09:00-12:30,13:30-17:00"},
    {'m', "Mo-Fr 09:00-12:15,14:00-18:00; Th 09:00-12:15,04:00-18:00", "Mo-We,Fr 09:00-12:15,14:00-18:00 | Th 04:00-18:00"},
    {'m', "Mo-Fr 07:30-13:00,13:00-15:00; Th 07:30-13:00,15:00-15:00; Sa 07:30-12:00", "Mo-We,Fr 07:30-15:00 | Th 07:30-13:00 | Sa 07:30-12:00"},
    {'m', "08:00-13:00,13:00-18:00", "Mo-Su 08:00-18:00"},
    {'m', "09:00-12:00,14:00-17:30", "Mo-Su 09:00-12:00,14:00-17:30"},
    {'m', "08:30-11:30; Th 08:30-11:30,14:00-16:30", "Mo-We,Fr-Su 08:30-11:30 | Th 08:30-11:30,14:00-16:30"},
    {'m', "Mo 08:22", fail},
    {'m', "Mo-Fr 09:00-12:00-14:00", fail},
    {'m', "Tu-Fr 08:30-18:00; Mo 18:00; Sa 09:00-12:00", fail},
    {'m', "Mo-Fr 08:00-12:00,13:45-16:30; Tu 08:00-13:45-16:30", fail},
    {'m', "Tu 00:00", fail},
    // French free text.
    {'m', "Horaires d'ouverture :Du lundi au vendredi9h/12h - 14h/17h", "Mo-Fr 09:00-12:00,14:00-17:00"},
    {'m', "Lundi : 8h30-12h ; Mardi à Vendredi : 8h30-12h/14h-17h ; Samedi : 9h-11h", "Mo 08:30-12:00 | Tu-Fr 08:30-12:00,14:00-17:00 | Sa 09:00-11:00"},
    {'m', "Lundi, Samedi : 9h-12h ; Mardi, Jeudi, Vendredi :13h30-17h", "Mo,Sa 09:00-12:00 | Tu,Th-Fr 13:30-17:00"},
    {'m', "Horaires Lundi : 14h - 18h00Mardi, mercredi, jeudi : 9 h - 12 h / 13 h 15 - 18h00Vendredi : 9 h - 12 h / 13 h 15 - 17 h 30 ", "Mo 14:00-18:00 | Tu-Th 09:00-12:00,13:15-18:00 | Fr 09:00-12:00,13:15-17:30"},
    {'m', " Lundi, mardi, mercredi et vendredi : 8h30-12h et 14h-17h30 Jeudi : 8h30-12h Samedi : 9h30-12h ", "Mo-We,Fr 08:30-12:00,14:00-17:30 | Th 08:30-12:00 | Sa 09:30-12:00"},
    {'m', " Du lundi au vendredi de 7h30 à 19h. ", "Mo-Fr 07:30-19:00"},
    {'m', "lundi au vendredi 8h15-19h30 et week-end 9h-19h30", "Mo-Fr 08:15-19:30 | Sa-Su 09:00-19:30"},
    {'m', "Lundi au Jeudi : 9h00 - 12h30 / 14h00 - 17h30 et Vendredi : 9h00 - 12h30 / 14h00 - 16h30", "Mo-Th 09:00-12:30,14:00-17:30 | Fr 09:00-12:30,14:00-16:30"},
    {'m', "Lundi : 14H - 17HMardi, Mercredi et Jeudi : 9H30 - 12H et 14H - 17HVendredi : 9H30 - 12H", "Mo 14:00-17:00 | Tu-Th 09:30-12:00,14:00-17:00 | Fr 09:30-12:00"},
    {'m', "lundi au samedi : 8h45-12h30.", "Mo-Sa 08:45-12:30"},
    {'m', "Permanence lundi au jeudi de 9h30 - 12h", "Mo-Th 09:30-12:00"},
    {'m', "mardi de 12h à 21h - du mercredi au vendredi de 12h à 19h - le samedi et le dimanche de 14h à 19h.", "Tu 12:00-21:00 | We-Fr 12:00-19:00 | Sa-Su 14:00-19:00"},
    {'m', " Lundi, mardi, jeudi et vendredi : 8h30-12h30 Mercredi : 9h-12h30 et 14h-17h30 Samedi : 10h-12h ", "Mo-Tu,Th-Fr 08:30-12:30 | We 09:00-12:30,14:00-17:30 | Sa 10:00-12:00"},
    {'m', " Lundi, mardi, jeudi et vendredi : 9h30-12h30 et 15h-17h30 Mercredi : 9h-12h Samedi : 9h30-12h ", "Mo-Tu,Th-Fr 09:30-12:30,15:00-17:30 | We 09:00-12:00 | Sa 09:30-12:00"},
    {'m', "Ouvert du mardi au vendredi de 9h - 12h et de 13h30 -17h", "Tu-Fr 09:00-12:00,13:30-17:00"},
    {'m', " Du \u00a0lundi au jeudi : 9h-12h30, 13h30-17h. Vendredi : 9h-12h30, 13h30-16h30. Fermeture au public le jeudi après-midi. ", "Mo-We 09:00-12:30,13:30-17:00 | Th 09:00-12:30 | Fr 09:00-12:30,13:30-16:30"},
    {'m', "Permanence: du lundi au jeudi de 14h à 18h et le vendredi de 14h à 17h", "Mo-Th 14:00-18:00 | Fr 14:00-17:00"},
    {'m', "lundi au vendredi : 9h-18h", "Mo-Fr 09:00-18:00"},
    {'m', "Permanences :<ul><li>Lundi de 14h - 16h</li><li>Mardi de 10h30 - 12h</li><li>Jeudi de 14h - 16h</li></ul>", "Mo,Th 14:00-16:00 | Tu 10:30-12:00"},
    {'m', "Lundi au vendredi 8h-12h,\u00a0 lundi : 13h30-17h, vendredi 13h30-16h30", "Mo 08:00-12:00,13:30-17:00 | Tu-Th 08:00-12:00 | Fr 08:00-12:00,13:30-16:30"},
    {'m', " Lundi ,Mardi :\u00a09h-18h Mercredi :\u00a013h30-18h Vendredi: \u00a09h-13h ", "Mo-Tu 09:00-18:00 | We 13:30-18:00 | Fr 09:00-13:00"},
    {'m', "Lundi au vendredi : 9h-12h et 16h30-18h30", "Mo-Fr 09:00-12:00,16:30-18:30"},
    {'m', "Lundi au Vendredi de 8h30 à 12h30 et de 13h30 à 17h30.", "Mo-Fr 08:30-12:30,13:30-17:30"},
    {'m', "Lundi, mardi, mercredi, jeudi : 9h - 12h et 13h30 - 18h<br />Vendredi : 9h - 12h et 13h30 - 17h<br />Samedi : 9h - 12h", "Mo-Th 09:00-12:00,13:30-18:00 | Fr 09:00-12:00,13:30-17:00 | Sa 09:00-12:00"},
    {'m', "Lundi, mardi, mercredi et vendredi :<br />8h45 - 12h30 - 13h30 - 17h30Jeudi :<br />8h45 - 12h30 - fermé le jeudi après-midi", "Mo-We,Fr 08:45-12:30,13:30-17:30 | Th 08:45-12:30"},
    {'m', "Ouvert du lundi au vendredi : de 9h - 12h15 et de 13h45 - 17h", "Mo-Fr 09:00-12:15,13:45-17:00"},
    {'m', "Lundi,mardi,jeudi,vendredi : 8h45-12h15 et 14h-17h30 et le mercredi : 8h45-12h15", "Mo-Tu,Th-Fr 08:45-12:15,14:00-17:30 | We 08:45-12:15"},
    {'m', "<ul><li>mardi-jeudi-vendredi-samedi 14H00-17H45</li><li>mercredi 15H00-17H45</li></ul>", "Tu,Th-Sa 14:00-17:45 | We 15:00-17:45"},
    {'m', "Lundi à vendredi : 7h30-18h30", "Mo-Fr 07:30-18:30"},
    {'m', "Lundi, mardi, jeudi, vendredi 9h-12h / 13h30 -17h00", "Mo-Tu,Th-Fr 09:00-12:00,13:30-17:00"},
    {'m', "Lundi au Vendredi 8h - 16h30", "Mo-Fr 08:00-16:30"},
    {'m', "Lundi, Mardi, Jeudi : 13h15-16h30 ; Vendredi : 14h-18h15", "Mo-Tu,Th 13:15-16:30 | Fr 14:00-18:15"},
    {'m', " mercredi et samedi. : 9h à 12h et 14h à 17h30, vendredi\u00a0 et dimanche. : 14h à 17h30 ", "We,Sa 09:00-12:00,14:00-17:30 | Fr,Su 14:00-17:30"},
    {'m', "Jeudi de 15h à 17h.\"", "Th 15:00-17:00"},
    {'m', "lundi au vendredi : 8h15-19h20, samedi : 9h30-17h30, dimanche : 11h45-20h.", "Mo-Fr 08:15-19:20 | Sa 09:30-17:30 | Su 11:45-20:00"},
    {'m', "Lundi de 9h - 12h et de 13h - 18h.<br />Mardi de 13h - 19h.<br />Mercredi de 9h - 12h et de 14h - 18h.<br />Jeudi de 9h - 12h et de 14h - 18h.<br />Vendredi de 9h - 12h et de 14h - 17h.<br />Samedi de 9h - 12h.", "Mo 09:00-12:00,13:00-18:00 | Tu 13:00-19:00 | We-Th 09:00-12:00,14:00-18:00 | Fr 09:00-12:00,14:00-17:00 | Sa 09:00-12:00"},
    {'m', "Mardi : 15h-18h Mercredi : 9h-11h30/13h30-18h Jeudi : 14h-17h Vendredi : 15h-18h Samedi : 9h-12h\u00a0", "Tu,Fr 15:00-18:00 | We 09:00-11:30,13:30-18:00 | Th 14:00-17:00 | Sa 09:00-12:00"},
    {'m', "Du lundi au vendredi : 9h - 12h / 12h30 - 16h \nfermé le mercredi", "Mo-Tu,Th-Fr 09:00-12:00,12:30-16:00"},
    {'m', "Du lundi au jeudi de 8h45 - 12h30 et de 13h30 - 17h30Le vendredi de 8h45 - 12h30 et de 13h30 - 16h30. ", "Mo-Th 08:45-12:30,13:30-17:30 | Fr 08:45-12:30,13:30-16:30"},
    {'m', "Du lundi au vendredi de 9h00 - 12h30 et le mardi après-midi de 14h00 - 17h00.", "Mo,We-Fr 09:00-12:30 | Tu 09:00-12:30,14:00-17:00"},
    {'m', "Du lundi au jeudi : 09h - 12h30   14h00 - 17h 30Vendredi 09h00 - 12h30   13h30 - 17h00", "Mo-Th 09:00-12:30,14:00-17:30 | Fr 09:00-12:30,13:30-17:00"},
    {'m', "9h-12h30 / 13h30-17h30", fail},
    {'m', "Ouvert tous les jours de 9h - 18h et jusqu'- 20h le vendredi en période scolaire.", fail},
    {'m', "lundi au vendredi : 8h-12h, 13h30-17h30 (vendredi 16h30)", fail},
    {'m', " Mardi, Jeudi : 9h-12h Vendredi : 16h-19h Le samedi sur rendez-vous ", fail},
    {'m', "Très variables", fail},
    {'m', "Du lundi au vendredi :de 9h - 12h et de 13h30 - 17h30 et de 9h - 12 et de 14h - 17h pendant les congés scolaires", fail},
    {'m', "24h/24", fail},
    {'m', "Du lundi ou vendredi de 9h - 12h et de 14h - 16h30", fail},
    {'m', "\u00a0Tous les après-midi de 13h30 à 17h en periode scolaire", fail},
    // France services, one column a day from Monday to Saturday.
    {'f', "09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | ", "Mo-Fr 09:00-12:00,14:00-17:00"},
    {'f', "09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00", "Mo-Fr 09:00-12:00,14:00-17:00 | Sa 09:00-12:00"},
    {'f', " | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00", "Tu-Fr 09:00-12:00,14:00-17:00 | Sa 09:00-12:00"},
    {'f', " | 09:00 - 12:00 / 13:15 - 16:45 |  |  |  | ", "Tu 09:00-12:00,13:15-16:45"},
    {'f', "14:00 - 16:00 |  |  | 09:30 - 11:30 |  | ", "Mo 14:00-16:00 | Th 09:30-11:30"},
    {'f', "08:00 - 12:30 / 13:30 - 18:15 | 08:00 - 12:30 | 08:00 - 12:30 | 08:00 - 12:30 / 17:00 - 18:15 |  | ", "Mo 08:00-12:30,13:30-18:15 | Tu-We 08:00-12:30 | Th 08:00-12:30,17:00-18:15"},
    {'f', "09:00 - 13:00 | 09:00 - 13:00 |  | 09:00 - 13:00 | 09:00 - 13:00 / 14:00 - 19:00 | 09:00 - 13:00", "Mo-Tu,Th,Sa 09:00-13:00 | Fr 09:00-13:00,14:00-19:00"},
    {'f', "00:00 - 00:00 |  | 00:00 - 00:00 |  | 00:00 - 00:00 | ", fail},
    {'f', "09:00 - 12:00 / 14:00 - 17:00 | 09:00 - 12:00 / 14:00 - 19:00 | 09:00 - 12:00 / 14:00 - 17:00 |  | 09:00 - 12:00 / 14:00 - 17:00 | 00:00 - 00:00 / 09:00 - 12:00", "Mo,We,Fr 09:00-12:00,14:00-17:00 | Tu 09:00-12:00,14:00-19:00 | Sa 09:00-12:00"},
    {'f', "09:00 - 20:00 | 09:00 - 17:30 | 09:00 - 17:30 | 09:00 - 17:30 |  | 09:30 - 12:30", "Mo 09:00-20:00 | Tu-Th 09:00-17:30 | Sa 09:30-12:30"},
    {'f', "09:00 - 13:00 / 14:00 - 17:30 | 09:00 - 13:00 / 14:00 - 17:30 | 09:00 - 13:00 / 14:00 - 18:00 | 09:00 - 13:00 / 14:00 - 17:30 | 09:00 - 12:30 | 00:00 - 00:00", "Mo-Tu,Th 09:00-13:00,14:00-17:30 | We 09:00-13:00,14:00-18:00 | Fr 09:00-12:30"},
    {'f', "09:00 - 11:45 / 14:30 - 16:45 | 08:15 - 11:30 / 13:30 - 16:45 |  | 13:30 - 17:00 |  | ", "Mo 09:00-11:45,14:30-16:45 | Tu 08:15-11:30,13:30-16:45 | Th 13:30-17:00"},
    {'f', "13:30 - 17:30 | 09:00 - 17:30 | 09:00 - 12:00 | 09:00 - 17:30 | 13:30 - 17:00 | ", "Mo 13:30-17:30 | Tu,Th 09:00-17:30 | We 09:00-12:00 | Fr 13:30-17:00"},
    {'f', "10:00 - 18:00 | 10:00 - 18:00 | 10:00 - 18:00 | 10:00 - 18:00 | 10:00 - 18:00 | 08:30 - 12:30", "Mo-Fr 10:00-18:00 | Sa 08:30-12:30"},
    {'f', "07:15 - 13:30 / 07:15 - 13:00 | 07:15 - 13:00 / 07:15 - 13:30 | 07:15 - 13:30 / 07:15 - 13:30 | 07:15 - 13:00 / 07:15 - 13:30 | 07:15 - 13:00 / 07:15 - 13:30 | ", fail},
    {'f', "09:00 - 12:30 | 09:00 - 18:00 | 09:00 - 12:30 / 13:30 - 17:00 | 09:00 - 18:00 | 09:00 - 12:30 / 13:30 - 17:00 | ", "Mo 09:00-12:30 | Tu,Th 09:00-18:00 | We,Fr 09:00-12:30,13:30-17:00"},
    {'f', "- | 08:00-13:00 | 08:00-13:00/13 :30-17:00 | 08:00-13:00/13 :30-17:00 | 08:00-17:00 | -", "Tu 08:00-13:00 | We-Th 08:00-13:00,13:30-17:00 | Fr 08:00-17:00"},
    {'f', "08:00-12:00/14:00-17:00 | 08:00-13:00/13:30-17:00 | 08:00-16:00 | 08:00-12:00/14:00-17:00 | 08 :00-12:00/14:00-17:00 | -", "Mo,Th-Fr 08:00-12:00,14:00-17:00 | Tu 08:00-13:00,13:30-17:00 | We 08:00-16:00"},
    {'f', "09:00-12:00/14:00-17:00 | 09:00-12:00 | 09:00-12:00/14:00-17:00 | 09:00-12h00 | 09:00-12:00/13:00-16:00 | -", "Mo,We 09:00-12:00,14:00-17:00 | Tu,Th 09:00-12:00 | Fr 09:00-12:00,13:00-16:00"},
    {'f', "13:00-18:00 | 09:30-13:00/14:00-19:00 | 09:30-12:30/13:30-18:00 | 09:00-12:00 | 09:30-12:30/\n\n 13:30-18:00 | 10:00-13:00", "Mo 13:00-18:00 | Tu 09:30-13:00,14:00-19:00 | We,Fr 09:30-12:30,13:30-18:00 | Th 09:00-12:00 | Sa 10:00-13:00"},
    {'f', "09:00-12:30-13:30-17:00 | 09:00-12:30/13:30-17:00 | 09:00-12:30/13:30-17:00 | 09:00-12:30/13:30-17:00 | 09:00-12:30/13:30-17:00 | 08:30-12:00", "Mo-Fr 09:00-12:30,13:30-17:00 | Sa 08:30-12:00"},
    {'f', "09:00-12:00/14:00-17:00 | 09:00-12:00 | 09:00-12:00 | 09:00-12:00-14:00-17:00 | 09:00-12:00/14:00-17:00 | -", "Mo,Th-Fr 09:00-12:00,14:00-17:00 | Tu-We 09:00-12:00"},
    {'f', "09:00-12:00 14:00-16:30 | 09:00-12:00 14:00-16:30 | 09:00-12:00 14:00-16:30 | 09:00-12:00 14:00-16:30 | 09:00-12:00 14:00-16:30 | -", "Mo-Fr 09:00-12:00,14:00-16:30"},
    {'f', "- | - | - | - | 09:00-12:00,13:00-17:00 | -", "Fr 09:00-12:00,13:00-17:00"},
    {'f', "08:30-12:00/13:30-17:00 | 08:30-12:00/13:30-17:00 | 08:30-12:00 | - | - | -", "Mo-Tu 08:30-12:00,13:30-17:00 | We 08:30-12:00"},
    {'f', "14:00-17:00 | 09:00-13:00-/3:00-16:00 | 09:00-12:00/14:00-17:00 | 09:00-13:00/13:00-16:00 | 14:00-17:00 | -", fail},
    {'f', "09:30-12:00/14:00-17:00 | 09:30-12:00/15:00-18:00 | 09:30-12:00/14:00-17:00 | 10:00-12:00/12:00-15:00 | 09:30-12:00/14:00-17:00 | -", "Mo,We,Fr 09:30-12:00,14:00-17:00 | Tu 09:30-12:00,15:00-18:00 | Th 10:00-15:00"},
    {'f', "- | 10:00-12:15/13:00-16:00 | 10:00-12:15/13:00-16:00 | 10:00-12:15/13:00-16:00 | 10:00-12:15/13:00-16:00 | 09:00-12:15", "Tu-Fr 10:00-12:15,13:00-16:00 | Sa 09:00-12:15"},
    {'f', "09:00 - 12:15 / 13:30 - 17:30 | 13:30 - 17:30 | 09:00 - 12:15 | 09:00 - 12:15 | 09:00 - 12:15 / 13:30 - 16:30 | ", "Mo 09:00-12:15,13:30-17:30 | Tu 13:30-17:30 | We-Th 09:00-12:15 | Fr 09:00-12:15,13:30-16:30"},
    {'f', "08:30 - 12:00 | 08:30 - 12:00 / 08:30 - 17:00 | 08:30 - 12:00 | 08:30 - 12:00 | 08:30 - 12:00 / 08:30 - 16:30 | ", fail},
};
// clang-format on

HoursParse parse_sample(const Sample& sample) {
    if (sample.source == 'm') return OpeningHours::parse(sample.text);
    std::array<std::string_view, 7> days;
    std::string_view rest = sample.text;
    for (int d = 0; d < 6; ++d) {
        const size_t bar = rest.find(" | ");
        days[d] = rest.substr(0, bar);
        rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 3);
    }
    return OpeningHours::from_weekday_columns(days);
}

// Shares measured with bench/hours_survey: a parser change that loses real hours fails here.
struct Expected {
    const char* name;
    const std::vector<detail::CatalogueHours>& hours;
    size_t read, at_least_parsed;
};

}  // namespace

TEST_CASE("Hand-checked real hours give the week a person reads in them") {
    CHECK(std::size(samples) >= 100);
    for (const Sample& sample : samples) {
        INFO(sample.text);
        const HoursParse parsed = parse_sample(sample);
        if (std::string(sample.expected) == fail) {
            CHECK_FALSE(parsed.hours);
            CHECK_FALSE(parsed.error.empty());
            continue;
        }
        INFO(parsed.error);
        REQUIRE(parsed.hours);
        CHECK(week_text(parsed.hours->typical_week()) == expand_week(sample.expected));
    }
}

TEST_CASE("Every hand-checked sample is a text of the catalogues") {
    std::set<std::string> mednum, france_services;
    for (auto* file : {&catalogues().data_inclusion, &catalogues().conseillers})
        for (auto& h : *file) mednum.insert(h.text);
    for (auto& h : catalogues().france_services) france_services.insert(h.label());
    for (const Sample& sample : samples) {
        INFO(sample.text);
        CHECK((sample.source == 'm' ? mednum : france_services).count(sample.text) == 1);
    }
}

TEST_CASE("The share of catalogue hours understood stays at its measured level") {
    const Expected files[] = {
        {"mednum_data_inclusion_2022", catalogues().data_inclusion, 2820, 2755},
        {"mednum_conseillers_numeriques_lieux_2022", catalogues().conseillers, 4249, 4194},
        {"france_services_20221201", catalogues().france_services, 2564, 2548},
    };
    for (const Expected& file : files) {
        INFO(file.name);
        CHECK(file.hours.size() == file.read);
        size_t parsed = 0;
        for (auto& h : file.hours) parsed += h.parse().hours.has_value();
        CHECK(parsed >= file.at_least_parsed);
    }
}

TEST_CASE("Parsed catalogue hours survive serialization and their OSM text") {
    size_t checked = 0;
    for (auto* file :
         {&catalogues().data_inclusion, &catalogues().conseillers, &catalogues().france_services})
        for (auto& h : *file) {
            const HoursParse parsed = h.parse();
            if (!parsed.hours) continue;
            INFO(h.label());
            const std::string bytes = parsed.hours->serialize();
            CHECK(OpeningHours::deserialize(bytes) == *parsed.hours);
            const HoursParse again = OpeningHours::parse(parsed.hours->to_osm());
            REQUIRE(again.hours);
            CHECK(again.hours->serialize() == bytes);
            ++checked;
        }
    CHECK(checked > 9000);
}
