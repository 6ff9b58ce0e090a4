// Killing `cartoffre load` (SIGKILL) at seeded random moments of a reload, the final switch
// included: after each kill the index opens, `cartoffre stats` and searches work, and what it
// holds is exactly the catalogue before the load or exactly the one after, never a mix; the
// next complete load clears what the killed ones left.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <thread>

#include "cartoffre/index.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

const fs::path mappings = fs::path(CARTOFFRE_TEST_FIXTURES) / ".." / ".." / "data" / "mappings";

// Starts the command; returns its process id. Its output goes to `output` (or nowhere).
pid_t start(const std::vector<std::string>& args, const std::string& output = "/dev/null") {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(out, 1), ::dup2(out, 2);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    return pid;
}

// Exit 0 (every row loaded) or 6 (done, some rows rejected: the real Soliguide file has one).
bool done(int status) {
    return status == 0 || status == 6;
}

// Waits for the command; its exit code, or -signal when killed.
int finish(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

int run(const std::vector<std::string>& args) {
    return finish(start(args));
}

// What the index holds: every offer's id and name, and its generation.
std::set<std::string> contents(const fs::path& dir) {
    const Index index = Index::open(dir);
    std::set<std::string> out;
    for (const Offer& o : index.offers()) out.insert(o.id + "\t" + o.nom);
    return out;
}

size_t count_source(const std::set<std::string>& offers, const std::string& source) {
    size_t n = 0;
    for (auto& o : offers) n += o.rfind(source + "--", 0) == 0;
    return n;
}

}  // namespace

TEST_CASE("A load killed at random moments leaves the old or the new catalogue, never a mix") {
    testing::TempDir dir("kill-load");
    const std::string tool = CARTOFFRE_TOOL;
    const std::string index = (dir.path() / "index").string();
    const std::string mapping = (mappings / "soliguide.json").string();
    // Two versions of Soliguide's catalogue: the real file, and the same without its last 40
    // rows (drafts, out of scope either way) nor its online places 30 to 39, and with its
    // online place 3 renamed.
    const fs::path real = shared_data_dir() / "catalogues" / "soliguide_test_db_places.csv";
    const std::string version_a = real.string();
    const std::string version_b = (dir.path() / "soliguide_b.csv").string();
    {
        std::ifstream in(real);
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        REQUIRE(lines.size() > 100);
        std::ofstream out(version_b);
        for (size_t i = 0; i + 40 < lines.size(); ++i) {
            std::string line = lines[i];
            if (line.size() > 3 && line[0] == '3' && line[2] == ',') continue;  // 30..39
            if (line.rfind("3,LIEU_RESERVE_AUX_PROS,", 0) == 0) line.replace(2, 21, "LIEU_RENOMME");
            out << line << '\n';
        }
    }
    // The index before: Pôle emploi's agencies and Soliguide (version A). Then the two states,
    // measured by complete loads, with the time a load takes.
    REQUIRE(done(
        run({tool, "index", "--index", index, "--mapping", (mappings / "pole_emploi.json").string(),
             "--mapping", mapping + "=" + version_a})));
    const std::set<std::string> state_a = contents(index);
    auto timed_load = [&](const std::string& version) {
        const auto begin = Clock::now();
        REQUIRE(done(run(
            {tool, "load", "--index", index, "--mapping", mapping, "--allow-shrink", version})));
        return std::chrono::duration<double>(Clock::now() - begin).count();
    };
    const double seconds_b = timed_load(version_b);
    const std::set<std::string> state_b = contents(index);
    const double seconds_a = timed_load(version_a);
    REQUIRE(contents(index) == state_a);
    REQUIRE(count_source(state_a, "soliguide") == 29);  // its online places
    REQUIRE(count_source(state_b, "soliguide") == 20);
    REQUIRE(count_source(state_a, "pole-emploi-2019") == 959);
    REQUIRE(count_source(state_b, "pole-emploi-2019") == 959);
    // The faster of the two: on a busy machine a load may take longer, never much less.
    const double load_seconds = std::min(seconds_a, seconds_b);

    // Kills until 12 have landed (at most 40 tries: a load that finishes first is a try): a
    // third anywhere in the load, the rest in its last fifth, where the generation is written,
    // renamed and switched.
    std::mt19937 random(20261126);
    bool now_a = true;
    size_t killed = 0, completed = 0;
    for (int k = 0; k < 40 && killed < 12; ++k) {
        const double fraction = k % 3 == 0 ? std::uniform_real_distribution<>(0.0, 0.8)(random)
                                           : std::uniform_real_distribution<>(0.8, 1.05)(random);
        const pid_t pid = start({tool, "load", "--index", index, "--mapping", mapping,
                                 "--allow-shrink", now_a ? version_b : version_a});
        std::this_thread::sleep_for(std::chrono::duration<double>(fraction * load_seconds));
        ::kill(pid, SIGKILL);
        const int status = finish(pid);
        status == -SIGKILL ? ++killed : ++completed;
        INFO("kill " << k << " at " << fraction << " of " << load_seconds << " s");
        const std::set<std::string> seen = contents(index);
        const bool is_a = seen == state_a, is_b = seen == state_b;
        CHECK((is_a || is_b));
        if (done(status)) CHECK(is_a != now_a);  // a load that finished switched
        now_a = is_a;
        CHECK(run({tool, "stats", "--index", index}) == 0);
        CHECK(run({tool, "search", "--index", index, "insertion", "--near", "Paris"}) == 0);
    }
    std::printf("kill_load_test: a load takes %.2f s; %zu loads killed, %zu finished first\n",
                load_seconds, killed, completed);
    CHECK(killed >= 10);
    // The next complete load clears the killed builds' leftovers: only the current generation
    // and the one before it remain, and no temporary file.
    timed_load(now_a ? version_b : version_a);
    CHECK(contents(index) == (now_a ? state_b : state_a));
    size_t generations = 0;
    for (auto& entry : fs::directory_iterator(index)) {
        const std::string name = entry.path().filename().string();
        INFO(name);
        CHECK(name.find(".tmp") == std::string::npos);
        generations += name.rfind("gen-", 0) == 0;
    }
    CHECK(generations == 2);
}

TEST_CASE("cartoffre load of a broken file says what is wrong and keeps the index") {
    testing::TempDir dir("broken-load");
    const std::string tool = CARTOFFRE_TOOL;
    const std::string index = (dir.path() / "index").string();
    const std::string mapping = (mappings / "soliguide.json").string();
    REQUIRE(done(run({tool, "index", "--index", index, "--mapping",
                      (mappings / "pole_emploi.json").string(), "--mapping", mapping})));
    const std::set<std::string> before = contents(index);
    auto write = [&](const std::string& name, const std::string& text) {
        const std::string file = (dir.path() / name).string();
        std::ofstream(file, std::ios::binary) << text;
        return file;
    };
    const std::string header =
        "lieu_id,name,placeType,status,visibility,latitude,longitude,address,postalCode,city,"
        "cityCode,departmentCode,regionCode,categories,nb_services,seo_url,updatedAt\n";
    // Files that cannot be read at all: an error naming the file, the index untouched.
    const std::string output = (dir.path() / "output.txt").string();
    for (const std::string& file :
         {write("empty.csv", ""), write("semicolons.csv", "lieu_id;name\n1;A\n"),
          (dir.path() / "absent.csv").string()}) {
        INFO(file);
        CHECK(finish(start({tool, "load", "--index", index, "--mapping", mapping, file}, output)) !=
              0);
        std::ifstream in(output);
        const std::string said((std::istreambuf_iterator<char>(in)), {});
        CHECK(said.find(fs::path(file).filename().string()) != std::string::npos);
        CHECK(contents(index) == before);
    }
    // Files whose rows are rejected or warned: the other source is kept whole, and the
    // source's offers are exactly the rows loaded.
    std::string rows = header;
    rows += "1,Un,LIEU,ONLINE,ALL,nan,inf,,75003,Paris,,,,,0,a,2022-01-01\n";
    rows += "1,Twice,LIEU,ONLINE,ALL,48.86,2.35,,75003,Paris,,,,,0,b,2022-01-01\n";
    rows += "2,,LIEU,ONLINE,ALL,48.86,2.35,,75003,Paris,,,,,0,c,2022-01-01\n";
    rows += "3,Trois,LIEU,ONLINE,ALL,48.86,2.35,,75003,Paris,,,,,0,d,2022-01-01\n";
    // Two of its four rows rejected (exit 6); a reload that small needs --allow-shrink.
    REQUIRE(run({tool, "load", "--index", index, "--mapping", mapping, "--allow-shrink",
                 write("faulty.csv", rows)}) == 6);
    const std::set<std::string> after = contents(index);
    CHECK(count_source(after, "soliguide") == 2);  // rows 1 (placed in Paris 3e) and 3
    CHECK(count_source(after, "pole-emploi-2019") == count_source(before, "pole-emploi-2019"));
    for (auto& offer : before)
        if (offer.rfind("pole-emploi-2019--", 0) == 0) CHECK(after.count(offer));
}
