// A program built against the installed package (tests/consumer_test.sh): writes a small index
// of hand-made offers in Seine-et-Marne, with the tables it finds (those of the installation),
// then searches it for the words given.
//
//   cartoffre-consumer INDEX_DIR WORDS

#include <cartoffre/data_dirs.hpp>
#include <cartoffre/index.hpp>
#include <cartoffre/version.hpp>
#include <cstdio>
#include <exception>

using namespace cartoffre;

namespace {

Offer offer(const char* id, const char* nom, const char* description, const char* insee, double lat,
            double lon) {
    Offer o;
    o.id = std::string("demo--") + id;
    o.source = "demo";
    o.structure_id = id;
    o.structure_nom = nom;
    o.nom = nom;
    o.description = description;
    o.thematiques = {"numerique--acceder-a-des-services-en-ligne"};
    o.modes_accueil = {"en-presentiel"};
    o.code_insee = insee;
    o.latitude = lat;
    o.longitude = lon;
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: cartoffre-consumer INDEX_DIR WORDS\n");
        return 2;
    }
    try {
        std::printf("cartoffre %s\ntables %s\n", cartoffre::version, data_dir().c_str());
        const Gazetteer gazetteer = Gazetteer::load_csv(shared_data_dir() / "gazetteer");
        std::vector<Offer> offers = {
            offer("1", "Atelier des démarches en ligne", "Aide aux démarches administratives",
                  "77288", 48.5421, 2.6552),
            offer("2", "Point numérique de Dammarie", "Accès à un ordinateur et à Internet",
                  "77152", 48.5159, 2.6386),
            offer("3", "Atelier numérique de Lille", "Accès à un ordinateur", "59350", 50.6311,
                  3.0468)};
        BuildOptions options;
        options.gazetteer = &gazetteer;
        const BuildReport report = Index::build(argv[1], std::move(offers), options);
        std::printf("built %zu read %zu loaded %zu rejected\n", report.read, report.loaded,
                    report.rejected);
        Query query;
        query.text = argv[2];
        query.place = "Melun";
        query.radius_km = 20;
        const Results results = Index::open(argv[1]).search(query);
        std::printf("total %zu\n", results.total);
        for (const Hit& hit : results.hits)
            std::printf("hit %s %.1f km\n", hit.offer.id.c_str(), hit.distance_km.value_or(-1));
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cartoffre-consumer: %s\n", e.what());
        return 1;
    }
}
