# What `cmake --install` puts under the prefix (all paths relative to it, so that the tree can be
# moved: programs find share/cartoffre above themselves, lib/detail/data_dirs.cpp):
#   bin/cartoffre, bin/cartoffre-load      the command (CARTOFFRE_TOOLS)
#   lib/libcartoffre.a, include/cartoffre/ the core library (no GDAL) and the public headers
#   lib/libcartoffre_load.a                the catalogue readers (GDAL): loader.hpp, catalogue.hpp
#   lib/cmake/cartoffre/                   find_package(cartoffre): cartoffre::cartoffre (core),
#                                          cartoffre::load (its readers, with the core)
#   lib/pkgconfig/cartoffre.pc, cartoffre-load.pc   pkg-config --cflags --libs cartoffre[-load]
#   share/cartoffre/                       the tables (data/: taxonomy, eligibility, text,
#                                          mappings)
#   share/man/man1/cartoffre.1, share/bash-completion/completions/cartoffre
#   the Python package cartoffre           (CARTOFFRE_PYTHON, bindings/python/CMakeLists.txt)
include(CMakePackageConfigHelpers)
set(CARTOFFRE_INSTALL_DATA ${CMAKE_INSTALL_DATADIR}/cartoffre)
set(CARTOFFRE_INSTALL_CMAKE ${CMAKE_INSTALL_LIBDIR}/cmake/cartoffre)

install(TARGETS cartoffre cartoffre_load EXPORT cartoffreTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
install(DIRECTORY include/cartoffre ${PROJECT_BINARY_DIR}/include/cartoffre
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development)
install(EXPORT cartoffreTargets NAMESPACE cartoffre:: DESTINATION ${CARTOFFRE_INSTALL_CMAKE}
        COMPONENT development)
configure_package_config_file(cmake/cartoffreConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cartoffreConfig.cmake INSTALL_DESTINATION ${CARTOFFRE_INSTALL_CMAKE}
  PATH_VARS CARTOFFRE_INSTALL_DATA)
# Before 1.0 a minor version may break the interface.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cartoffreConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cartoffreConfig.cmake
              ${PROJECT_BINARY_DIR}/cartoffreConfigVersion.cmake
        DESTINATION ${CARTOFFRE_INSTALL_CMAKE} COMPONENT development)
# pkg-config, relocatable too: the prefix is found from the .pc file's own directory.
file(RELATIVE_PATH _pc_to_prefix /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
set(CARTOFFRE_PC_PREFIX "\${pcfiledir}/${_pc_to_prefix}")
configure_file(cmake/cartoffre.pc.in ${PROJECT_BINARY_DIR}/cartoffre.pc @ONLY)
configure_file(cmake/cartoffre-load.pc.in ${PROJECT_BINARY_DIR}/cartoffre-load.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/cartoffre.pc ${PROJECT_BINARY_DIR}/cartoffre-load.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)

install(DIRECTORY data/ DESTINATION ${CARTOFFRE_INSTALL_DATA} COMPONENT runtime)

if(CARTOFFRE_TOOLS)
  install(TARGETS cartoffre_tool cartoffre_load_tool RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
          COMPONENT runtime)
  install(FILES docs/cartoffre.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
  install(FILES tools/cartoffre.bash-completion DESTINATION
          ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME cartoffre
          COMPONENT runtime)
endif()

# `cmake --install --strip` and the Debian package (CPACK_STRIP_FILES) strip the programs; the
# archive keeps its symbols but loses its debug information (RelWithDebInfo: 130 MB to a few).
install(CODE "
  if(CMAKE_INSTALL_DO_STRIP)
    foreach(_archive $<TARGET_FILE_NAME:cartoffre> $<TARGET_FILE_NAME:cartoffre_load>)
      execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug
        \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/\${_archive}\")
    endforeach()
  endif()" COMPONENT development)
