// Where the tests find their data and their helper programs. Defined in a
// file CMake generates (tests/test_paths.cpp.in), not as compile
// definitions: absolute paths on every test file's command line would make
// each checkout compile them all again instead of using the compiler cache.
#pragma once

namespace test_util {

extern const char programs_dir[];  // the programs built from tests/programs/
extern const char source_dir[];    // the project's source tree

}  // namespace test_util
