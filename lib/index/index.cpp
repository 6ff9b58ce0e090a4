// Opening a generation: lease it (index/lease.hpp), map its files (the R-trees and lists a
// search reads were written with it), check their sizes and open the text index. Refreshing:
// the same for the newest generation, swapped in atomically.

#include "cartoffre/index.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "cartoffre/error.hpp"
#include "index/contacts.hpp"
#include "index/cursor.hpp"
#include "index/record.hpp"
#include "index/snapshot.hpp"

namespace cartoffre {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> read_lines(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw IndexError("impossible de lire " + file.string());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

template <class T>
const T* array_of(const detail::MappedFile& file, size_t count, const char* what) {
    if (file.size() != count * sizeof(T))
        throw IndexError(std::string("fichier d'index ") + what +
                         " abîmé : " + std::to_string(file.size()) + " octets, " +
                         std::to_string(count * sizeof(T)) + " attendus");
    return reinterpret_cast<const T*>(file.data());
}

}  // namespace

std::string_view detail::Snapshot::id(uint32_t position) const {
    return detail::record_id(stored_record(position));
}

Offer detail::Snapshot::offer(uint32_t position) const {
    Offer o;
    offer(position, o);
    return o;
}

void detail::Snapshot::offer(uint32_t position, Offer& o) const {
    // Each thread decompresses into the same memory, so that a page of hits allocates none for
    // its plain records.
    thread_local std::string plain;
    records_unpacker.unpack(stored_record(position), plain);
    detail::decode_record(plain, o);
    o.score_qualite = columns[position].quality / 100.0;
    detail::pool_contacts(o, o);
    if (columns[position].flags & detail::flag_duplicate) {
        const uint32_t k = clusters[position];
        Offer member;
        for (uint32_t i = cluster_begin[k]; i < cluster_begin[k + 1]; ++i) {
            if (cluster_members[i] == position) continue;
            o.doublons.emplace_back(id(cluster_members[i]));
            records_unpacker.unpack(stored_record(cluster_members[i]), plain);
            detail::decode_record(plain, member);
            detail::pool_contacts(o, member);
        }
        o.doublon_prefere = cluster_members[cluster_begin[k]] == position;
    }
}

uint32_t detail::Snapshot::lower_bound(std::string_view wanted) const {
    uint32_t low = 0, high = static_cast<uint32_t>(size);
    while (low < high) {
        uint32_t mid = low + (high - low) / 2;
        if (id(by_id[mid]) < wanted)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

Index::Index(std::shared_ptr<const detail::Snapshot> snapshot) : m_snapshot(std::move(snapshot)) {}

Index::Index(const Index& other) : m_snapshot(other.snapshot()) {}

Index& Index::operator=(const Index& other) {
    if (this != &other) std::atomic_store(&m_snapshot, other.snapshot());
    return *this;
}

std::shared_ptr<const detail::Snapshot> Index::snapshot() const {
    return std::atomic_load(&m_snapshot);
}

namespace {

std::string current_name(const fs::path& dir) {
    std::ifstream current(dir / detail::files::current);
    if (!current)
        throw IndexError("pas d'index dans " + dir.string() +
                         " (pas de fichier CURRENT) : en construire un, par exemple avec "
                         "« cartoffre index »");
    std::string name;
    std::getline(current, name);
    return name;
}

// Leases the current generation of `dir` into `s`. A build may switch CURRENT and remove the
// generation it named between our reading it and locking it: then CURRENT is read again.
void lease_current(const fs::path& dir, detail::Snapshot& s) {
    std::string tried;
    for (;;) {
        s.generation = current_name(dir);
        if (s.lease.take(dir / s.generation)) return;
        if (s.generation == tried)
            throw IndexError("index " + dir.string() + " : la génération " + s.generation +
                             " que nomme CURRENT n'existe pas");
        tried = s.generation;
    }
}

std::shared_ptr<detail::Snapshot> open_snapshot(const fs::path& dir) {
    auto s = std::make_shared<detail::Snapshot>();
    lease_current(dir, *s);
    s->root = dir;
    s->directory = dir / s->generation;
    const fs::path& g = s->directory;
    try {
        std::string text;
        {
            std::ifstream in(g / detail::files::meta);
            if (!in) throw IndexError("impossible de lire " + (g / detail::files::meta).string());
            text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        s->token = detail::digest(text);
        const nlohmann::json meta = nlohmann::json::parse(text);
        if (meta.value("format", "") != "cartoffre-index" ||
            meta.value("version", 0) != detail::index_format_version)
            throw IndexError("l'index " + g.string() +
                             " est d'une autre version de format : le reconstruire");
        if (meta.value("record_layout", "") != detail::record_layout())
            throw IndexError("l'index " + g.string() +
                             " a été construit avec d'autres champs d'offre : le reconstruire");
        s->size = meta.at("offers").get<size_t>();
    } catch (const nlohmann::json::exception& e) {
        throw IndexError("fichier d'index " + (g / detail::files::meta).string() +
                         " illisible : ce n'est pas le JSON qu'écrit cartoffre");
    }
    s->columns_file = detail::MappedFile(g / detail::files::columns);
    s->records_file = detail::MappedFile(g / detail::files::records);
    s->record_offsets_file = detail::MappedFile(g / detail::files::record_offsets);
    s->records_dictionary_file = detail::MappedFile(g / detail::files::record_dictionary);
    s->records_unpacker = detail::RecordUnpacker(s->records_dictionary_file.view());
    s->zones_file = detail::MappedFile(g / detail::files::zones);
    s->columns = array_of<detail::OfferColumns>(s->columns_file, s->size, detail::files::columns);
    s->record_offsets =
        array_of<uint64_t>(s->record_offsets_file, s->size + 1, detail::files::record_offsets);
    if (s->record_offsets[s->size] != s->records_file.size())
        throw IndexError("fichier d'index " + (g / detail::files::records).string() + " tronqué");
    // The offers' zone keys follow one another in storage order: the last offer's end where
    // the file ends. Checked here, as the other files' sizes, rather than read beyond it later.
    const size_t zone_entries = s->size == 0 ? 0
                                             : size_t{s->columns[s->size - 1].zones_begin} +
                                                   s->columns[s->size - 1].zones_count;
    if (s->zones_file.size() != zone_entries * sizeof(uint32_t))
        throw IndexError("fichier d'index " + (g / detail::files::zones).string() +
                         " abîmé : " + std::to_string(s->zones_file.size()) + " octets, " +
                         std::to_string(zone_entries * sizeof(uint32_t)) + " attendus");
    s->zones = reinterpret_cast<const uint32_t*>(s->zones_file.data());
    s->by_id_file = detail::MappedFile(g / detail::files::by_id);
    s->by_id = array_of<uint32_t>(s->by_id_file, s->size, detail::files::by_id);
    // One pass over by_id (what a lookup by id indexes with), none over the columns: opening
    // reads no per-offer file whole.
    for (uint32_t rank = 0; rank < s->size; ++rank)
        if (s->by_id[rank] >= s->size)
            throw IndexError("fichier d'index " + (g / detail::files::by_id).string() + " abîmé");
    s->sources = read_lines(g / detail::files::sources);
    auto keys = read_lines(g / detail::files::zone_keys);
    for (uint32_t i = 0; i < keys.size(); ++i) s->zone_key_ids.emplace(keys[i], i);
    s->zone_keys = keys;
    if (auto france = s->zone_key_ids.find("france"); france != s->zone_key_ids.end())
        s->france_key = france->second;
    s->gazetteer = Gazetteer::load(g / detail::files::gazetteer);
    s->taxonomy = Taxonomy::load(g / detail::files::taxonomy);

    s->placement = detail::Placement(
        g, {s->size, s->gazetteer.size(), keys.size(), s->taxonomy.categories().size()});
    s->text = std::make_unique<detail::TextIndex>(g / detail::files::text);
    s->facet_bits = detail::FacetBits(g, s->size, s->taxonomy);
    try {
        s->eligibility = detail::EligibilityTables::load(g / detail::files::eligibility);
        s->public_rules = s->eligibility.public_rules(s->taxonomy.publics());
    } catch (const DataError& e) {
        throw IndexError("index " + g.string() + " : " + e.what());
    }
    s->rules_file = detail::MappedFile(g / detail::files::rules);
    s->rules_extra_file = detail::MappedFile(g / detail::files::rules_extra);
    s->rules = array_of<detail::OfferRules>(s->rules_file, s->size, detail::files::rules);
    s->clusters_file = detail::MappedFile(g / detail::files::clusters);
    s->cluster_begin_file = detail::MappedFile(g / detail::files::cluster_begin);
    s->cluster_members_file = detail::MappedFile(g / detail::files::cluster_members);
    s->clusters = array_of<uint32_t>(s->clusters_file, s->size, detail::files::clusters);
    const size_t cluster_count = s->cluster_begin_file.size() / sizeof(uint32_t);
    s->cluster_begin =
        array_of<uint32_t>(s->cluster_begin_file, cluster_count, detail::files::cluster_begin);
    if (cluster_count == 0 ||
        s->cluster_begin[cluster_count - 1] * sizeof(uint32_t) != s->cluster_members_file.size())
        throw IndexError("fichier d'index " + (g / detail::files::cluster_begin).string() +
                         " abîmé");
    s->cluster_members = reinterpret_cast<const uint32_t*>(s->cluster_members_file.data());
    return s;
}

}  // namespace

Index Index::open(const fs::path& dir) {
    return Index(open_snapshot(dir));
}

bool Index::refresh() {
    std::shared_ptr<const detail::Snapshot> held = snapshot();
    if (current_name(held->root) == held->generation) return false;
    std::shared_ptr<const detail::Snapshot> newest = open_snapshot(held->root);
    if (newest->generation == held->generation) return false;
    // Another thread may have refreshed meanwhile: then its generation stays.
    return std::atomic_compare_exchange_strong(&m_snapshot, &held, newest);
}

void detail::Snapshot::corrupt_rules(uint32_t position) const {
    throw IndexError("fichier d'index " + (directory / detail::files::rules).string() +
                     " abîmé : les règles de l'offre " + std::to_string(position) +
                     " finissent au-delà de " + detail::files::rules_extra);
}

std::optional<Offer> Index::get(std::string_view id) const {
    const auto held = snapshot();
    const detail::Snapshot& s = *held;
    const uint32_t rank = s.lower_bound(id);
    if (rank == s.size) return std::nullopt;
    const uint32_t p = s.by_id[rank];
    if (s.id(p) != id) return std::nullopt;
    return s.offer(p);
}

std::vector<Offer> Index::offers(std::string_view source) const {
    std::vector<Offer> out;
    for_each_offer([&](const Offer& o) { out.push_back(o); }, source);
    return out;
}

void Index::for_each_offer(const std::function<void(const Offer&)>& visit,
                           std::string_view source) const {
    const auto held = snapshot();
    const detail::Snapshot& s = *held;
    for (uint32_t rank = 0; rank < s.size; ++rank) {
        const uint32_t p = s.by_id[rank];
        if (!source.empty() && s.sources[s.columns[p].source] != source) continue;
        visit(s.offer(p));
    }
}

size_t Index::size() const {
    return snapshot()->size;
}
std::string Index::generation() const {
    return snapshot()->generation;
}
Gazetteer Index::gazetteer() const {
    return snapshot()->gazetteer;
}
Taxonomy Index::taxonomy() const {
    return snapshot()->taxonomy;
}

}  // namespace cartoffre
