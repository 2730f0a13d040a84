# One ctest entry per doctest case and GOMAXPROCS value, so that a failure
# names its test and a label picks out the slow ones.
#
# tests/CMakeLists.txt calls gocpp_doctest_tests(); ctest then runs this file
# (TEST_INCLUDE_FILES) before testing. It asks the built test binary for its
# cases (--list-test-cases, XML: name, suite and file of each) and adds, for
# every case and every GOMAXPROCS value,
#
#   "<case name> (GOMAXPROCS=<n>)"   labels: gocpp, <area>, and timing or
#                                    stress where the case is one
#
# <area> is the case's file without _test.cpp (channel, context_deadline...).
# A case is `timing` or `stress` when its name says so ("[timing]",
# "[stress]"), its file is in GOCPP_TIMING_FILES / GOCPP_STRESS_FILES, or its
# doctest suite is named "timing" or "stress".
# Listing at test time, not at build time, costs one run of the binary and
# keeps the list right after any rebuild.

if(NOT DEFINED GOCPP_DOCTEST_EXE)
  # Included by the project's CMakeLists.txt: define the function only.
  function(gocpp_doctest_tests target)
    cmake_parse_arguments(ARG "" "TIMEOUT" "GOMAXPROCS;TIMING_FILES;STRESS_FILES" ${ARGN})
    set(include_file ${CMAKE_CURRENT_BINARY_DIR}/${target}_cases.cmake)
    file(GENERATE OUTPUT ${include_file} CONTENT
"cmake_policy(VERSION 3.20)
set(GOCPP_DOCTEST_EXE [==[$<TARGET_FILE:${target}>]==])
set(GOCPP_DOCTEST_GOMAXPROCS ${ARG_GOMAXPROCS})
set(GOCPP_TIMING_FILES ${ARG_TIMING_FILES})
set(GOCPP_STRESS_FILES ${ARG_STRESS_FILES})
set(GOCPP_DOCTEST_TIMEOUT ${ARG_TIMEOUT})
include([==[${CMAKE_CURRENT_FUNCTION_LIST_FILE}]==])
")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${include_file})
  endfunction()
  return()
endif()

# From here on: run by ctest.
# (The entities' own semicolons are carried as SEMICOLON, see below.)
function(gocpp_xml_unescape var text)
  string(REPLACE "&ltSEMICOLON" "<" text "${text}")
  string(REPLACE "&gtSEMICOLON" ">" text "${text}")
  string(REPLACE "&quotSEMICOLON" "\"" text "${text}")
  string(REPLACE "&aposSEMICOLON" "'" text "${text}")
  string(REPLACE "&ampSEMICOLON" "&" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

if(NOT EXISTS "${GOCPP_DOCTEST_EXE}")
  add_test(gocpp_tests_not_built "${GOCPP_DOCTEST_EXE}")
  return()
endif()

execute_process(COMMAND "${GOCPP_DOCTEST_EXE}" --list-test-cases --reporters=xml
                OUTPUT_VARIABLE listing RESULT_VARIABLE listed)
if(NOT listed EQUAL 0)
  message(WARNING "${GOCPP_DOCTEST_EXE} --list-test-cases failed: ${listed}")
  add_test(gocpp_tests_list_failed "${GOCPP_DOCTEST_EXE}" --list-test-cases)
  return()
endif()

# One <TestCase .../> element per line. doctest escapes '<', '&' and '"' in
# a name but not '>', so the element is taken whole from its line. A
# semicolon would split the lists below: it is carried as SEMICOLON, then
# shown as ',' in the test's name and matched by '?' in doctest's filter.
string(REPLACE ";" "SEMICOLON" listing "${listing}")
string(REPLACE "\n" ";" lines "${listing}")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^ *<TestCase name=\"([^\"]*)\"( testsuite=\"([^\"]*)\")? filename=\"([^\"]*)\"")
    continue()
  endif()
  set(suite "${CMAKE_MATCH_3}")
  get_filename_component(file "${CMAKE_MATCH_4}" NAME)
  gocpp_xml_unescape(name "${CMAKE_MATCH_1}")
  string(REGEX REPLACE "_test\\.cpp$" "" area "${file}")

  set(labels gocpp ${area})
  if(file IN_LIST GOCPP_TIMING_FILES OR suite STREQUAL "timing" OR name MATCHES "\\[timing\\]")
    list(APPEND labels timing)
  endif()
  if(file IN_LIST GOCPP_STRESS_FILES OR suite STREQUAL "stress" OR name MATCHES "\\[stress\\]")
    list(APPEND labels stress)
  endif()

  # doctest's filter: ',' separates patterns and '\' escapes; '*' and '?'
  # are wildcards, which still match the name itself.
  string(REPLACE "\\" "\\\\" filter "${name}")
  string(REPLACE "," "\\," filter "${filter}")
  string(REPLACE "SEMICOLON" "?" filter "${filter}")
  string(REPLACE "SEMICOLON" "," name "${name}")
  foreach(procs IN LISTS GOCPP_DOCTEST_GOMAXPROCS)
    set(test "${name} (GOMAXPROCS=${procs})")
    add_test("${test}" "${GOCPP_DOCTEST_EXE}" "--test-case=${filter}")
    # A filter that matched nothing would pass silently: fail it instead.
    set_tests_properties("${test}" PROPERTIES
      ENVIRONMENT "GOMAXPROCS=${procs}"
      LABELS "${labels}"
      FAIL_REGULAR_EXPRESSION "test cases: +0 [|]"
      TIMEOUT ${GOCPP_DOCTEST_TIMEOUT})
  endforeach()
endforeach()
