// The JSON records reader (lib/load/json_records.cpp) on records nested too deep: refused with
// the file, the record and the limit, in both layouts, as the loader reads them (a record
// 20,000 levels deep took 22 s and 1.3 GB, then crashed the loader).

#include "load/json_records.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>

#include "cartoffre/error.hpp"
#include "load/table_reader.hpp"
#include "support/generated_index.hpp"

using namespace cartoffre;
namespace fs = std::filesystem;

namespace {

// A record whose member "a" nests `levels` arrays (the record itself is one more level).
std::string nested_record(int levels, const std::string& id = "x") {
    std::string value = "1";
    for (int i = 0; i < levels; ++i) value = "[" + value + "]";
    return R"({"id": ")" + id + R"(", "a": )" + value + "}";
}

fs::path write(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

// The rows the loader's path reads (format "json"), or the error.
std::string read_rows(const fs::path& file, size_t& rows) {
    rows = 0;
    detail::ReadOptions options;
    options.format = "json";
    try {
        detail::for_each_row(file, options, [&](const detail::Row&) { ++rows; });
    } catch (const DataError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("A JSON record nested 20,000 levels deep is refused with its file, record and limit",
          "[json_records]") {
    testing::TempDir dir("json-records-deep");
    const std::string deep = nested_record(20000, "deep");
    size_t rows = 0;
    const fs::path array =
        write(dir.path() / "array.json", "[" + nested_record(3) + ",\n" + deep + "]");
    CHECK(read_rows(array, rows) == (dir.path() / "array.json").string() +
                                        " : enregistrement 2 : imbriqué sur plus de 64 niveaux");
    CHECK(rows == 1);
    const fs::path lines =
        write(dir.path() / "lines.jsonl", nested_record(3) + "\n" + nested_record(3) + "\n" + deep);
    CHECK(read_rows(lines, rows) == (dir.path() / "lines.jsonl").string() +
                                        " : enregistrement 3 : imbriqué sur plus de 64 niveaux");
    CHECK(rows == 2);
    // Objects nest as arrays do, and brackets inside strings do not count.
    std::string objects = "1";
    for (int i = 0; i < 20000; ++i) objects = R"({"b": )" + objects + "}";
    write(lines,
          R"({"s": ")" + std::string(100, '[') + R"("})" + "\n" + R"({"a": )" + objects + "}");
    CHECK(read_rows(lines, rows) ==
          lines.string() + " : enregistrement 2 : imbriqué sur plus de 64 niveaux");
    std::string open_objects;  // the parser reaches level 65 before the text ends
    for (int i = 0; i < 100; ++i) open_objects += R"({"b": )";
    write(array,
          R"([{"s": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\""}, )" +
              open_objects);
    CHECK(read_rows(array, rows) ==
          array.string() + " : enregistrement 2 : imbriqué sur plus de 64 niveaux");
}

// Found by the fuzz target: nlohmann throws out_of_range, not parse_error, for a number beyond a
// double, and that escaped the reader's error handling (std::terminate under libFuzzer; an
// English message without a position from the command).
TEST_CASE("A number too large for a double is refused with its file and record, in French",
          "[json_records]") {
    testing::TempDir dir("json-records-overflow");
    size_t rows = 0;
    const fs::path array =
        write(dir.path() / "array.json", R"([{"id": "a"}, {"id": "b", "structure_id": 9e9062}])");
    CHECK(read_rows(array, rows) == array.string() +
                                        " : enregistrement 2 : JSON mal formé : nombre hors des "
                                        "limites d'un réel : '9e9062'");
    CHECK(rows == 1);
    const fs::path lines =
        write(dir.path() / "lines.jsonl", "{\"id\": \"a\"}\n\n{\"latitude\": -1e999}\n");
    CHECK(read_rows(lines, rows) ==
          lines.string() + ":3 : JSON mal formé : nombre hors des limites d'un réel : '-1e999'");
    CHECK(rows == 1);
}

TEST_CASE("JSON records nested up to 64 levels are read", "[json_records]") {
    testing::TempDir dir("json-records-limit");
    size_t rows = 0;
    // The record is level 1: 63 arrays inside it make 64 levels; 64 make 65.
    const fs::path array =
        write(dir.path() / "array.json", "[" + nested_record(63) + ", " + nested_record(63) + "]");
    CHECK(read_rows(array, rows) == "(no error)");
    CHECK(rows == 2);
    const fs::path lines = write(dir.path() / "lines.jsonl", nested_record(63) + "\n");
    CHECK(read_rows(lines, rows) == "(no error)");
    CHECK(rows == 1);
    write(array, "[" + nested_record(64) + "]");
    CHECK(read_rows(array, rows) ==
          array.string() + " : enregistrement 1 : imbriqué sur plus de 64 niveaux");
    write(lines, nested_record(64));
    CHECK(read_rows(lines, rows) ==
          lines.string() + " : enregistrement 1 : imbriqué sur plus de 64 niveaux");
}
