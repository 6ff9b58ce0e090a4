// Readers while another process reloads: 8 threads search one open Index (place, words with
// misspellings, filters, paging with cursors) while the built `cartoffre load` replaces a
// source's catalogue 10 times, alternating two versions so that generations really differ.
// Zero errors; every answer equals that of its generation as a fresh open of a copy of that
// generation gives it; a handle never refreshed keeps its answers; a page-through on a handle
// refreshed meanwhile is either of one generation or refused (StaleCursorError), never mixed.

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "cartoffre/error.hpp"
#include "support/generated_index.hpp"

extern char** environ;

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

const fs::path mappings = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";

// Runs the built command, its output appended to `log`; its exit code (-1 when killed).
int run_command(std::vector<std::string> args, const fs::path& log) {
    args.insert(args.begin(), CARTOFFRE_TOOL);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return -1;
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<Query> queries() {
    std::vector<Query> out;
    auto add = [&](std::string text, std::string place, double radius,
                   std::vector<std::string> sources = {}, size_t limit = 5) {
        Query q;
        q.text = std::move(text);
        q.place = std::move(place);
        q.radius_km = radius;
        q.sources = std::move(sources);
        q.limit = limit;
        out.push_back(q);
    };
    add("", "Paris", 10, {"soliguide"});
    add("jardn", "", 50);              // misspelt: Soliguide's insertion gardens
    add("agance emplio", "Lyon", 80);  // misspelt: Pôle emploi's agencies
    add("lieu", "Paris", 20, {}, 3);   // Soliguide's test places, one renamed in version B
    add("", "Bobigny", 15);
    add("emploi", "Marseille", 100, {"pole-emploi-2019"});
    return out;
}

std::vector<std::string> page_through(const Index& index, Query q) {
    std::vector<std::string> out;
    for (int page = 0; page < 1000; ++page) {
        const Results r = index.search(q);
        for (const Hit& h : r.hits) out.push_back(h.offer.id + " " + h.offer.nom);
        out.push_back("total " + std::to_string(r.total) + " " + r.suggestion);
        if (r.next_cursor.empty()) break;
        q.cursor = r.next_cursor;
    }
    return out;
}

using Answers = std::vector<std::vector<std::string>>;

Answers answers_of(const Index& index, const std::vector<Query>& qs) {
    Answers out;
    for (const Query& q : qs) out.push_back(page_through(index, q));
    return out;
}

// The answers of each generation, as a fresh open of a copy of its directory gives them.
class Reference {
  public:
    explicit Reference(fs::path copies) : m_copies(std::move(copies)) {}
    // `held` holds its generation: its directory is there to copy.
    const Answers& of(const Index& held, const fs::path& index_dir, const std::vector<Query>& qs) {
        std::lock_guard<std::mutex> lock(m_mutex);
        const std::string generation = held.generation();
        auto found = m_answers.find(generation);
        if (found != m_answers.end()) return found->second;
        const fs::path copy = m_copies / generation;
        fs::create_directories(copy);
        fs::copy(index_dir / generation, copy / generation, fs::copy_options::recursive);
        std::ofstream(copy / "CURRENT") << generation << '\n';
        return m_answers.emplace(generation, answers_of(Index::open(copy), qs)).first->second;
    }
    size_t generations() const { return m_answers.size(); }

  private:
    fs::path m_copies;
    std::mutex m_mutex;
    std::map<std::string, Answers> m_answers;
};

}  // namespace

TEST_CASE("Searches on one open Index while another process reloads 10 times: no error") {
    testing::TempDir dir("reload");
    const fs::path index = dir.path() / "index", log = dir.path() / "commands.log";
    const std::string soliguide = (mappings / "soliguide.json").string();
    // Two versions of Soliguide's catalogue: the real file, and one without its last 40 rows
    // and with its first place renamed.
    const fs::path version_a = shared_data_dir() / "catalogues" / "soliguide_test_db_places.csv";
    const fs::path version_b = dir.path() / "soliguide_b.csv";
    {
        std::ifstream in(version_a);
        std::vector<std::string> rows;
        for (std::string row; std::getline(in, row);) rows.push_back(row);
        REQUIRE(rows.size() > 100);
        std::ofstream out(version_b);
        for (size_t i = 0; i + 40 < rows.size(); ++i)
            out << (i == 1 ? "1,LIEU_RENOMME" + rows[i].substr(rows[i].find(',', 2)) : rows[i])
                << '\n';
    }
    INFO("commands' output: " << log);
    REQUIRE(run_command({"index", "--index", index.string(), "--mapping",
                         (mappings / "pole_emploi.json").string(), "--mapping",
                         soliguide + "=" + version_a.string()},
                        log) == 0);

    const std::vector<Query> qs = queries();
    Reference reference(dir.path() / "copies");
    Index shared = Index::open(index);
    const Index frozen = Index::open(index);  // never refreshed
    const Answers frozen_answers = reference.of(frozen, index, qs);
    CHECK(answers_of(frozen, qs) == frozen_answers);

    std::atomic<bool> done{false};
    std::atomic<int> errors{0}, differences{0}, mixed{0}, searches{0}, stale{0}, moves{0};
    std::mutex mutex;
    std::string first_error;
    auto error = [&](const std::string& what) {
        std::lock_guard<std::mutex> lock(mutex);
        if (errors++ == 0) first_error = what;
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            for (size_t round = 0; !done; ++round) {
                const size_t k = (round + static_cast<size_t>(t)) % qs.size();
                try {
                    if (t < 2) {
                        // The frozen handle: the same answers whatever the loads.
                        differences += page_through(frozen, qs[k]) != frozen_answers[k];
                    } else if (round % 2 == 0) {
                        // A copy pins one generation: its answers are that generation's.
                        const Index pinned = shared;
                        differences +=
                            page_through(pinned, qs[k]) != reference.of(pinned, index, qs)[k];
                    } else {
                        // Paging on the handle refresh() moves: one generation, or refused.
                        const Index before = shared;
                        try {
                            const auto got = page_through(shared, qs[k]);
                            const Index after = shared;
                            mixed += got != reference.of(before, index, qs)[k] &&
                                     got != reference.of(after, index, qs)[k];
                        } catch (const StaleCursorError&) {
                            ++stale;
                        }
                    }
                    ++searches;
                } catch (const std::exception& e) {
                    error(e.what());
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        });
    std::thread refresher([&] {
        while (!done) {
            try {
                moves += shared.refresh();
            } catch (const std::exception& e) {
                error(std::string("refresh: ") + e.what());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    int failed_loads = 0;
    for (int load = 0; load < 10; ++load) {
        const fs::path& version = load % 2 == 0 ? version_b : version_a;
        failed_loads += run_command({"load", "--index", index.string(), "--allow-shrink",
                                     "--mapping", soliguide, version.string()},
                                    log) != 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    done = true;
    refresher.join();
    for (auto& thread : threads) thread.join();

    INFO(first_error);
    CHECK(failed_loads == 0);
    CHECK(errors == 0);
    CHECK(differences == 0);
    CHECK(mixed == 0);
    CHECK(searches > 100);
    CHECK(moves >= 3);
    CHECK(reference.generations() >= 3);
    WARN(searches << " page-throughs, " << moves << " moves, " << stale << " refused as stale, "
                  << reference.generations() << " generations seen");

    // The frozen handle's generation is still on disk and whole (its duplicates are read from
    // a file at the call); refreshed, the shared handle answers as a fresh open does.
    CHECK(frozen.generation() == "gen-000001");
    CHECK(fs::exists(index / "gen-000001"));
    CHECK_NOTHROW(frozen.duplicates());
    CHECK(answers_of(frozen, qs) == frozen_answers);
    shared.refresh();
    CHECK(shared.generation() == "gen-000011");
    CHECK(answers_of(shared, qs) == answers_of(Index::open(index), qs));
    CHECK(answers_of(shared, qs) == frozen_answers);  // versions A, B, ..., A: back to A
}
