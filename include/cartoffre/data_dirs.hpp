#pragma once
// Where cartoffre finds its files at run time.
//
// Its own tables (taxonomy/, eligibility/, text/ and the partner mappings/, the source tree's
// data/ installed as <prefix>/share/cartoffre), in this order:
//   1. $CARTOFFRE_DATA;
//   2. share/cartoffre above the program or shared object the library runs in (from
//      /proc/self/exe or dladdr: <prefix>/bin, <prefix>/lib, <prefix>/lib/python3/...), so that
//      an installed tree can be moved or unpacked anywhere;
//   3. the source tree's data/, for programs run from a build tree only (the build tree holds
//      a marker, cartoffre-build-tree.txt, naming it: nothing of the checkout is compiled in);
//   4. the data directory of the install prefix the library was configured with.
// The real French data the project does not ship (the COG gazetteer, the partner catalogues):
// $CARTOFFRE_SHARED_DATA, else the checkout's ../shared/data named by the build tree's marker.
// Each throws DataError, saying what to set, when nothing is found.

#include <filesystem>

namespace cartoffre {

std::filesystem::path data_dir();
std::filesystem::path shared_data_dir();

}  // namespace cartoffre
