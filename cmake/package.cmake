# The Debian package: `cpack -G DEB` in the build tree writes cartoffre_<version>_<arch>.deb,
# everything `cmake --install` puts under the prefix /usr (the command, the library and its
# headers, the tables, the manual page, the bash completion, the Python package for Debian's
# python3). Tested by tests/package_test.sh. The library's dependencies are read from the
# binaries by dpkg-shlibdeps.
set(CPACK_PACKAGE_NAME cartoffre)
set(CPACK_PACKAGE_VENDOR "cartoffre")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "offre d'insertion : index, recherche par lieu, mots et personne, commande et Python")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)  # the prefix the install runs with under CPACK_SET_DESTDIR
# Installs with CMAKE_INSTALL_PREFIX=/usr under a staging DESTDIR, so that the Python package
# takes Debian's /usr/lib/python3/dist-packages (bindings/python/CMakeLists.txt).
set(CPACK_SET_DESTDIR ON)
set(CPACK_STRIP_FILES ON)  # as Debian packages are (the library keeps its symbols)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "Projet cartoffre <cartoffre@example.invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(CARTOFFRE_PYTHON)
  # The extension is built for one interpreter (its file name says cpython-3XY).
  execute_process(COMMAND ${CARTOFFRE_PYTHON_EXECUTABLE} -c
    "import sys; print('%d.%d' % sys.version_info[:2], '%d.%d' % (sys.version_info[0], sys.version_info[1] + 1))"
    OUTPUT_VARIABLE _python OUTPUT_STRIP_TRAILING_WHITESPACE)
  separate_arguments(_python)
  list(GET _python 0 _this)
  list(GET _python 1 _next)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3 (>= ${_this}), python3 (<< ${_next})")
endif()
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "cartoffre indexe l'offre d'insertion (services data·inclusion et catalogues partenaires)
 et répond aux recherches lieu + rayon + mots + personne. Le paquet contient la commande
 cartoffre, la bibliothèque statique et ses en-têtes (find_package(cartoffre), pkg-config),
 les tables (/usr/share/cartoffre) et le paquet Python cartoffre.")
include(CPack)
