#pragma once
// One row of a partner's file made an offer through its mapping: the fields filled from
// templates, constants and value maps, then checked and repaired where the repair is certain (a
// decimal comma, swapped coordinates, a commune's centre), warned where something is doubtful,
// rejected when the offer cannot stand. The file's read loop is load_catalogue (loader.cpp).

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cartoffre/gazetteer.hpp"
#include "cartoffre/geo.hpp"
#include "cartoffre/loader.hpp"
#include "cartoffre/offer.hpp"
#include "cartoffre/taxonomy.hpp"
#include "load/mapping_rules.hpp"
#include "load/offer_checks.hpp"
#include "load/row_filters.hpp"
#include "load/table_reader.hpp"

namespace cartoffre::detail {

class RowLoader {
  public:
    RowLoader(const Mapping::Impl& m, const Gazetteer& g, const Taxonomy& t, LoadReport& report);

    // Appends the row's offer to `out`, or reports why it is rejected. The offer is made in
    // place: an offer is a large object, and moving it costs as much as mapping a field.
    void load(const detail::Row& row, std::vector<Offer>& out);

    // The rows the row filters left out, into the report.
    void finish(LoadReport& report) const;

  private:
    bool make(const detail::Row& row, Offer& o);
    bool reject(const std::string& field, const std::string& value, const std::string& why);
    void warn(const std::string& field, const std::string& value, const std::string& why);
    void apply(const Mapping::Impl::ValueMap& vm, Offer& o);
    void apply_item(const Mapping::Impl::ValueMap& vm, const std::string& item, Offer& o);
    void encoding(Offer& o);
    void zone(Offer& o);
    void zone_templates(Offer& o);
    static std::string slots(const std::string& opens, const std::string& closes);
    void hours(Offer& o);
    std::optional<LatLon> coordinates();

    const Mapping::Impl& m_map;
    const Gazetteer& m_gazetteer;
    detail::OfferChecks m_checks;
    detail::RowScope m_scope;
    struct Field {
        const std::string* name;
        std::string Offer::*text;  // null for a list field
        std::string column;        // the template's one column, when it is only that
    };
    std::vector<std::pair<Field, const std::string*>> m_fields;  // with their templates
    const detail::Row* m_row = nullptr;
    std::string m_local_id;
    std::unordered_map<std::string, size_t> m_seen;
    std::string m_item;                           // an item of a split column
    std::vector<const std::string*> m_texts_set;  // text fields a value map has set
};

}  // namespace cartoffre::detail
