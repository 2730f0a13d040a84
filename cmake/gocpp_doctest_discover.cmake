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
#
# BATCH (the sanitizer presets): the cases that are neither timing nor stress
# run instead as one entry per file and GOMAXPROCS value,
#
#   "<file>: its N cases (GOMAXPROCS=<n>)"   labels: gocpp, <area>, batch
#
# one process for all of them. An instrumented process spends most of a
# short case starting and, under LeakSanitizer, scanning at exit (0.43 s of
# 0.45 under ASan); a failure still names its case in doctest's output.
# Timing and stress cases keep an entry each, to run one at a time.
# SKIP: doctest name patterns of cases not to run in this build (a known
# defect of the build's tooling, said where the list is set); their entries
# are added disabled, so ctest lists them as not run.

if(NOT DEFINED GOCPP_DOCTEST_EXE)
  # Included by the project's CMakeLists.txt: define the function only.
  function(gocpp_doctest_tests target)
    cmake_parse_arguments(ARG "BATCH" "TIMEOUT" "GOMAXPROCS;TIMING_FILES;STRESS_FILES;SKIP" ${ARGN})
    set(include_file ${CMAKE_CURRENT_BINARY_DIR}/${target}_cases.cmake)
    file(GENERATE OUTPUT ${include_file} CONTENT
"cmake_policy(VERSION 3.20)
set(GOCPP_DOCTEST_EXE [==[$<TARGET_FILE:${target}>]==])
set(GOCPP_DOCTEST_GOMAXPROCS ${ARG_GOMAXPROCS})
set(GOCPP_TIMING_FILES ${ARG_TIMING_FILES})
set(GOCPP_STRESS_FILES ${ARG_STRESS_FILES})
set(GOCPP_DOCTEST_TIMEOUT ${ARG_TIMEOUT})
set(GOCPP_DOCTEST_BATCH ${ARG_BATCH})
set(GOCPP_DOCTEST_SKIP [==[${ARG_SKIP}]==])
include([==[${CMAKE_CURRENT_FUNCTION_LIST_FILE}]==])
")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${include_file})
  endfunction()
  return()
endif()

# From here on: run by ctest.

# A regular expression for doctest's summary when it counted other than
# `count` cases ("test cases:    41 |"). CMake's expressions have no {n}.
function(gocpp_other_count_regex var count)
  string(LENGTH "${count}" digits)
  math(EXPR last "${digits} - 1")
  set(alternatives "")
  foreach(n RANGE 1 ${digits})   # fewer digits (n < digits), or more
    string(REPEAT "[0-9]" ${n} some_digits)
    if(n LESS digits)
      list(APPEND alternatives "${some_digits}")
    else()
      list(APPEND alternatives "${some_digits}[0-9]+")
    endif()
  endforeach()
  foreach(i RANGE 0 ${last})   # as many digits, the first difference at i
    string(SUBSTRING "${count}" 0 ${i} same)
    string(SUBSTRING "${count}" ${i} 1 digit)
    string(REPLACE "${digit}" "" others "0123456789")
    math(EXPR rest_digits "${last} - ${i}")
    string(REPEAT "[0-9]" ${rest_digits} rest)
    list(APPEND alternatives "${same}[${others}]${rest}")
  endforeach()
  list(JOIN alternatives "|" alternatives)
  set(${var} "test cases: +(${alternatives}) [|]" PARENT_SCOPE)
endfunction()
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

  set(skipped FALSE)
  foreach(pattern IN LISTS GOCPP_DOCTEST_SKIP)
    string(REPLACE "*" ".*" pattern_regex "${pattern}")
    if(name MATCHES "^${pattern_regex}$")
      set(skipped TRUE)
    endif()
  endforeach()

  if(GOCPP_DOCTEST_BATCH AND NOT "timing" IN_LIST labels AND NOT "stress" IN_LIST labels
     AND NOT skipped)
    if(NOT file IN_LIST batch_files)
      list(APPEND batch_files "${file}")
    endif()
    string(MAKE_C_IDENTIFIER "${file}" file_id)
    list(APPEND "batch_${file_id}_filters" "${filter}")
    set("batch_${file_id}_labels" gocpp ${area} batch)
    continue()
  endif()

  foreach(procs IN LISTS GOCPP_DOCTEST_GOMAXPROCS)
    set(test "${name} (GOMAXPROCS=${procs})")
    add_test("${test}" "${GOCPP_DOCTEST_EXE}" "--test-case=${filter}")
    # A filter that matched nothing would pass silently: fail it instead.
    set_tests_properties("${test}" PROPERTIES
      ENVIRONMENT "GOMAXPROCS=${procs}"
      LABELS "${labels}"
      FAIL_REGULAR_EXPRESSION "test cases: +0 [|]"
      TIMEOUT ${GOCPP_DOCTEST_TIMEOUT}
      DISABLED ${skipped})
  endforeach()
endforeach()

foreach(file IN LISTS batch_files)
  string(MAKE_C_IDENTIFIER "${file}" file_id)
  set(filters "${batch_${file_id}_filters}")
  list(LENGTH filters count)
  # The names are listed whole, not as the file, so that a timing, stress or
  # skipped case of the same file stays out.
  string(REPLACE ";" "," filters "${filters}")
  foreach(procs IN LISTS GOCPP_DOCTEST_GOMAXPROCS)
    set(test "${file}: its ${count} cases (GOMAXPROCS=${procs})")
    add_test("${test}" "${GOCPP_DOCTEST_EXE}" "--test-case=${filters}")
    # doctest's summary must count every case: a name the filter lost fails.
    gocpp_other_count_regex(other_count ${count})
    set_tests_properties("${test}" PROPERTIES
      ENVIRONMENT "GOMAXPROCS=${procs}"
      LABELS "${batch_${file_id}_labels}"
      FAIL_REGULAR_EXPRESSION "${other_count}"
      TIMEOUT 1800)
  endforeach()
endforeach()
