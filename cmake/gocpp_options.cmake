include(GNUInstallDirs)

# ThreadSanitizer needs Boost.Context and Boost.Fiber built for it: Debian's
# use the fcontext backend without TSan's fiber annotations, so TSan cannot
# follow a goroutine from one stack to another. tools/build-boost-tsan builds
# them (ucontext backend, BOOST_USE_TSAN) into a cache folder; every gocpp
# translation unit needs the same two defines, or Boost's headers pick the
# fcontext code and its symbols.
if(GOCPP_SANITIZE MATCHES "thread")
  if(DEFINED ENV{GOCPP_BOOST_TSAN_DIR})
    set(gocpp_boost_tsan_default "$ENV{GOCPP_BOOST_TSAN_DIR}")
  else()
    set(gocpp_boost_tsan_default "$ENV{HOME}/.cache/gocpp/boost-tsan")
  endif()
  set(GOCPP_BOOST_TSAN_DIR "${gocpp_boost_tsan_default}" CACHE PATH
      "Boost.Context/Fiber built for ThreadSanitizer (tools/build-boost-tsan)")
  if(NOT EXISTS "${GOCPP_BOOST_TSAN_DIR}/.gocpp-stamp")
    message(FATAL_ERROR "GOCPP_SANITIZE=thread needs Boost built for ThreadSanitizer in "
                        "${GOCPP_BOOST_TSAN_DIR}: run tools/build-boost-tsan first")
  endif()
  set(BOOST_ROOT "${GOCPP_BOOST_TSAN_DIR}")
  set(Boost_NO_SYSTEM_PATHS ON)
  set(Boost_NO_BOOST_CMAKE ON)  # Debian's BoostConfig.cmake would find its own libraries
  # FindBoost (CMake 3.25) knows Boost's dependencies up to 1.80; fiber's on
  # context, all this build needs, has not changed since.
  set(Boost_NO_WARN_NEW_VERSIONS ON)
  add_compile_definitions(BOOST_USE_TSAN BOOST_USE_UCONTEXT)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # clang links its TSan runtime statically, operator new and delete
    # included; a program that replaces some of them (the allocation
    # counter, tests/programs/context_allocs.cpp) then has two definitions,
    # where GCC's shared runtimes let the program's win. The runtime comes
    # first on clang's link line, so its definitions are kept: under TSan
    # that program counts no allocations (its budgets are checked in the
    # plain build). clang 14's shared TSan runtime (-shared-libsan), which
    # would avoid this, crashes at start-up.
    add_link_options("LINKER:--allow-multiple-definition")
  endif()
endif()

# Components register themselves here, in dependency order.
set(GOCPP_COMPONENTS "" CACHE INTERNAL "")

# One place for warnings and sanitizer flags, applied to every target the
# project builds (libraries, tests, examples, benchmarks).
function(gocpp_set_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(GOCPP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(GOCPP_SANITIZE)
    # Instrumented builds make g++ 12 report -Wmaybe-uninitialized inside
    # libstdc++'s own headers (<regex>, <functional>); the plain build keeps it.
    target_compile_options(${target} PRIVATE -fsanitize=${GOCPP_SANITIZE} -fno-omit-frame-pointer
                           $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized>)
    target_link_options(${target} PRIVATE -fsanitize=${GOCPP_SANITIZE})
    get_target_property(target_type ${target} TYPE)
    if(GOCPP_SANITIZE MATCHES "address" AND target_type STREQUAL "EXECUTABLE")
      # The sanitizers' records (one per check, one per global) hold millions
      # of pointers: 3.4 million relocations in gocpp_tests. In a
      # position-independent executable the loader patches every one at
      # start, 0.25 s of each test process's 0.55 s. Linked at a fixed
      # address they need none, and CI starts about 1,200 such processes.
      target_link_options(${target} PRIVATE -no-pie)
    endif()
  endif()
endfunction()

# gocpp_add_component(<name> SOURCES ... DEPENDS ...)
# Builds gocpp_<name> with public headers in <name>/include and the alias
# gocpp::<name>.
function(gocpp_add_component name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(gocpp_${name} STATIC ${ARG_SOURCES})
  add_library(gocpp::${name} ALIAS gocpp_${name})
  set_target_properties(gocpp_${name} PROPERTIES EXPORT_NAME ${name} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(gocpp_${name} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(gocpp_${name} PUBLIC cxx_std_20)
  target_link_libraries(gocpp_${name} PUBLIC ${ARG_DEPENDS})
  gocpp_set_target_options(gocpp_${name})
  install(DIRECTORY include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(TARGETS gocpp_${name} EXPORT gocppTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  set(GOCPP_COMPONENTS ${GOCPP_COMPONENTS} gocpp_${name} CACHE INTERNAL "")
endfunction()
