include(CMakePackageConfigHelpers)

install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS gocpp EXPORT gocppTargets)
install(EXPORT gocppTargets NAMESPACE gocpp:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/gocpp)

configure_package_config_file(cmake/gocppConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/gocppConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/gocpp)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/gocppConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/gocppConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/gocppConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/gocpp)
