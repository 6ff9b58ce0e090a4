// Communes' outlines for coverage maps, read through GDAL/OGR (cartoffre/coverage.hpp).

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "cartoffre/coverage.hpp"
#include "cartoffre/error.hpp"

namespace cartoffre {

namespace {

namespace fs = std::filesystem;

struct DatasetCloser {
    void operator()(GDALDataset* d) const { GDALClose(d); }
};
struct TransformDeleter {
    void operator()(OGRCoordinateTransformation* t) const {
        OGRCoordinateTransformation::DestroyCT(t);
    }
};

bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

int code_field(OGRFeatureDefn* definition, const std::string& asked, const std::string& file) {
    const std::vector<std::string> names =
        asked.empty() ? std::vector<std::string>{"INSEE_COM", "code_insee",   "insee",
                                                 "codgeo",    "code_commune", "code"}
                      : std::vector<std::string>{asked};
    for (const std::string& name : names)
        for (int i = 0; i < definition->GetFieldCount(); ++i)
            if (same_name(definition->GetFieldDefn(i)->GetNameRef(), name)) return i;
    std::string columns;
    for (int i = 0; i < definition->GetFieldCount(); ++i)
        columns += std::string(i ? ", " : "") + definition->GetFieldDefn(i)->GetNameRef();
    throw DataError(file + " : pas de colonne " +
                    (asked.empty() ? "de code commune (INSEE_COM, code_insee, insee, codgeo, "
                                     "code_commune ou code)"
                                   : "« " + asked + " »") +
                    " ; colonnes : " + (columns.empty() ? "aucune" : columns));
}

void add_ring(const OGRLinearRing* ring, Contour& c) {
    if (!ring) return;
    std::vector<LatLon> points;
    for (int i = 0; i < ring->getNumPoints(); ++i) points.push_back({ring->getY(i), ring->getX(i)});
    if (!points.empty()) c.rings.push_back(std::move(points));
}

void add_polygon(const OGRPolygon* polygon, Contour& c) {
    add_ring(polygon->getExteriorRing(), c);
    for (int i = 0; i < polygon->getNumInteriorRings(); ++i)
        add_ring(polygon->getInteriorRing(i), c);
}

}  // namespace

const Contour* Contours::find(std::string_view code) const {
    const auto it =
        std::lower_bound(contours.begin(), contours.end(), code,
                         [](const Contour& c, std::string_view k) { return c.code < k; });
    return it != contours.end() && it->code == code ? &*it : nullptr;
}

Contours Contours::load(const fs::path& path, const std::string& code_column) {
    static const bool registered = [] {
        GDALAllRegister();
        return true;
    }();
    (void)registered;
    struct QuietGdal {  // GDAL's messages come back in our errors, not on the terminal
        QuietGdal() { CPLPushErrorHandler(CPLQuietErrorHandler); }
        ~QuietGdal() { CPLPopErrorHandler(); }
    } quiet;
    Contours out;
    out.file = path.string();
    CPLErrorReset();
    std::unique_ptr<GDALDataset, DatasetCloser> dataset(
        GDALDataset::Open(out.file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!dataset) {
        const std::string why = CPLGetLastErrorMsg();
        throw DataError("impossible de lire les contours " + out.file +
                        (why.empty() ? "" : " (GDAL : " + why + ")"));
    }
    if (dataset->GetLayerCount() == 0) throw DataError(out.file + " : aucune couche de contours");
    OGRLayer* layer = dataset->GetLayer(0);
    const int code = code_field(layer->GetLayerDefn(), code_column, out.file);
    // Reprojected to longitude, latitude in WGS 84 when the layer names another system.
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation, TransformDeleter> transform;
    if (const OGRSpatialReference* srs = layer->GetSpatialRef(); srs && !srs->IsSame(&wgs84)) {
        transform.reset(OGRCreateCoordinateTransformation(srs, &wgs84));
        if (!transform)
            throw DataError(out.file + " : système de coordonnées impossible à ramener en WGS 84");
    }
    layer->ResetReading();
    size_t number = 0;
    for (OGRFeature* raw = nullptr; (raw = layer->GetNextFeature()) != nullptr;) {
        std::unique_ptr<OGRFeature> feature(raw);
        ++number;
        std::string id = feature->GetFieldAsString(code);
        id.erase(0, id.find_first_not_of(" \t"));
        id.erase(id.find_last_not_of(" \t") + 1);
        const std::string which =
            "entité " + std::to_string(number) + (id.empty() ? "" : " (" + id + ")");
        if (id.empty()) {
            out.warnings.push_back(which + " : pas de code commune, laissée de côté");
            continue;
        }
        const OGRGeometry* geometry = feature->GetGeometryRef();
        if (!geometry || geometry->IsEmpty()) {
            out.warnings.push_back(which + " : pas de géométrie, laissée de côté");
            continue;
        }
        const OGRwkbGeometryType type = wkbFlatten(geometry->getGeometryType());
        if (type != wkbPolygon && type != wkbMultiPolygon) {
            out.warnings.push_back(which + " : " + OGRGeometryTypeToName(type) +
                                   ", pas un contour (polygone attendu), laissée de côté");
            continue;
        }
        std::unique_ptr<OGRGeometry> copy(geometry->clone());
        if (transform && copy->transform(transform.get()) != OGRERR_NONE) {
            out.warnings.push_back(which + " : coordonnées impossibles à ramener en WGS 84");
            continue;
        }
        Contour c;
        c.code = id;
        if (type == wkbPolygon) {
            add_polygon(copy->toPolygon(), c);
        } else {
            for (const OGRPolygon* polygon : *copy->toMultiPolygon()) add_polygon(polygon, c);
        }
        char* json = copy->exportToJson();
        c.geometry = json ? json : "";
        CPLFree(json);
        out.contours.push_back(std::move(c));
    }
    std::stable_sort(out.contours.begin(), out.contours.end(),
                     [](const Contour& a, const Contour& b) { return a.code < b.code; });
    for (size_t i = 1; i < out.contours.size();) {
        if (out.contours[i].code == out.contours[i - 1].code) {
            out.warnings.push_back("code " + out.contours[i].code +
                                   " : plusieurs contours, le premier du fichier gardé");
            out.contours.erase(out.contours.begin() + static_cast<std::ptrdiff_t>(i));
        } else {
            ++i;
        }
    }
    return out;
}

}  // namespace cartoffre
