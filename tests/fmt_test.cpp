// fmt: Go's Print, Println, Printf, Sprint*, Fprint* and Errorf.
//
// The "fmt_test.go rows" cases are the rows of Go 1.19's fmt/fmt_test.go
// fmtTests table whose operand is a basic value, a slice, an array or a map
// (the rest print structs, pointers, complex numbers or Go-only interfaces);
// each row is one CHECK, operand and expected text unchanged. The other
// cases port TestReorder, TestWidthAndPrecision, the Sprint/Sprintln tests
// and Errorf's, and check what gocpp adds (errors, contexts, durations,
// channels, Stringers, one write per call).
#include "test_util.hpp"

#include <gocpp/context.hpp>
#include <gocpp/fmt.hpp>
#include <gocpp/runtime.hpp>
#include <gocpp/sync.hpp>
#include <gocpp/time.hpp>

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

using namespace gocpp;
using namespace std::chrono_literals;
using namespace std::string_view_literals;
using namespace std::string_literals;

TEST_CASE("fmt: fmt_test.go rows, part 1") {
    CHECK(fmt::sprintf("%d"sv, 12345) == "12345"sv);
    CHECK(fmt::sprintf("%v"sv, 12345) == "12345"sv);
    CHECK(fmt::sprintf("%t"sv, true) == "true"sv);
    CHECK(fmt::sprintf("%s"sv, "abc"sv) == "abc"sv);
    CHECK(fmt::sprintf("%q"sv, "abc"sv) == "\"abc\""sv);
    CHECK(fmt::sprintf("%x"sv, "abc"sv) == "616263"sv);
    CHECK(fmt::sprintf("%x"sv, "\377\360\017\377"sv) == "fff00fff"sv);
    CHECK(fmt::sprintf("%X"sv, "\377\360\017\377"sv) == "FFF00FFF"sv);
    CHECK(fmt::sprintf("%x"sv, ""sv) == ""sv);
    CHECK(fmt::sprintf("% x"sv, ""sv) == ""sv);
    CHECK(fmt::sprintf("%#x"sv, ""sv) == ""sv);
    CHECK(fmt::sprintf("%# x"sv, ""sv) == ""sv);
    CHECK(fmt::sprintf("%x"sv, "xyz"sv) == "78797a"sv);
    CHECK(fmt::sprintf("%X"sv, "xyz"sv) == "78797A"sv);
    CHECK(fmt::sprintf("% x"sv, "xyz"sv) == "78 79 7a"sv);
    CHECK(fmt::sprintf("% X"sv, "xyz"sv) == "78 79 7A"sv);
    CHECK(fmt::sprintf("%#x"sv, "xyz"sv) == "0x78797a"sv);
    CHECK(fmt::sprintf("%#X"sv, "xyz"sv) == "0X78797A"sv);
    CHECK(fmt::sprintf("%# x"sv, "xyz"sv) == "0x78 0x79 0x7a"sv);
    CHECK(fmt::sprintf("%# X"sv, "xyz"sv) == "0X78 0X79 0X7A"sv);
    CHECK(fmt::sprintf("%s"sv, std::vector<std::uint8_t>{97, 98, 99}) == "abc"sv);
    CHECK(fmt::sprintf("%s"sv, std::array<std::uint8_t, 3>{std::uint8_t(97), std::uint8_t(98),
                                                           std::uint8_t(99)}) == "abc"sv);
    CHECK(fmt::sprintf("%q"sv, std::vector<std::uint8_t>{97, 98, 99}) == "\"abc\""sv);
    CHECK(fmt::sprintf("%x"sv, std::vector<std::uint8_t>{97, 98, 99}) == "616263"sv);
    CHECK(fmt::sprintf("%x"sv, std::vector<std::uint8_t>{255, 240, 15, 255}) == "fff00fff"sv);
    CHECK(fmt::sprintf("%X"sv, std::vector<std::uint8_t>{255, 240, 15, 255}) == "FFF00FFF"sv);
    CHECK(fmt::sprintf("%x"sv, std::vector<std::uint8_t>{}) == ""sv);
    CHECK(fmt::sprintf("% x"sv, std::vector<std::uint8_t>{}) == ""sv);
    CHECK(fmt::sprintf("%#x"sv, std::vector<std::uint8_t>{}) == ""sv);
    CHECK(fmt::sprintf("%# x"sv, std::vector<std::uint8_t>{}) == ""sv);
    CHECK(fmt::sprintf("%x"sv, std::vector<std::uint8_t>{120, 121, 122}) == "78797a"sv);
    CHECK(fmt::sprintf("%X"sv, std::vector<std::uint8_t>{120, 121, 122}) == "78797A"sv);
    CHECK(fmt::sprintf("% x"sv, std::vector<std::uint8_t>{120, 121, 122}) == "78 79 7a"sv);
    CHECK(fmt::sprintf("% X"sv, std::vector<std::uint8_t>{120, 121, 122}) == "78 79 7A"sv);
    CHECK(fmt::sprintf("%#x"sv, std::vector<std::uint8_t>{120, 121, 122}) == "0x78797a"sv);
    CHECK(fmt::sprintf("%#X"sv, std::vector<std::uint8_t>{120, 121, 122}) == "0X78797A"sv);
    CHECK(fmt::sprintf("%# x"sv, std::vector<std::uint8_t>{120, 121, 122}) == "0x78 0x79 0x7a"sv);
    CHECK(fmt::sprintf("%# X"sv, std::vector<std::uint8_t>{120, 121, 122}) == "0X78 0X79 0X7A"sv);
    CHECK(fmt::sprintf("%q"sv, ""sv) == "\"\""sv);
    CHECK(fmt::sprintf("%#q"sv, ""sv) == "``"sv);
    CHECK(fmt::sprintf("%q"sv, "\""sv) == "\"\\\"\""sv);
    CHECK(fmt::sprintf("%#q"sv, "\""sv) == "`\"`"sv);
    CHECK(fmt::sprintf("%q"sv, "`"sv) == "\"`\""sv);
    CHECK(fmt::sprintf("%#q"sv, "`"sv) == "\"`\""sv);
    CHECK(fmt::sprintf("%q"sv, "\012"sv) == "\"\\n\""sv);
    CHECK(fmt::sprintf("%#q"sv, "\012"sv) == "\"\\n\""sv);
    CHECK(fmt::sprintf("%q"sv, "\\n"sv) == "\"\\\\n\""sv);
    CHECK(fmt::sprintf("%#q"sv, "\\n"sv) == "`\\n`"sv);
    CHECK(fmt::sprintf("%q"sv, "abc"sv) == "\"abc\""sv);
    CHECK(fmt::sprintf("%#q"sv, "abc"sv) == "`abc`"sv);
    CHECK(fmt::sprintf("%q"sv, "\346\227\245\346\234\254\350\252\236"sv) ==
          "\"\346\227\245\346\234\254\350\252\236\""sv);
    CHECK(fmt::sprintf("%+q"sv, "\346\227\245\346\234\254\350\252\236"sv) ==
          "\"\\u65e5\\u672c\\u8a9e\""sv);
    CHECK(fmt::sprintf("%#q"sv, "\346\227\245\346\234\254\350\252\236"sv) ==
          "`\346\227\245\346\234\254\350\252\236`"sv);
    CHECK(fmt::sprintf("%#+q"sv, "\346\227\245\346\234\254\350\252\236"sv) ==
          "`\346\227\245\346\234\254\350\252\236`"sv);
    CHECK(fmt::sprintf("%q"sv, "\007\010\014\012\015\011\013\"\\"sv) ==
          "\"\\a\\b\\f\\n\\r\\t\\v\\\"\\\\\""sv);
    CHECK(fmt::sprintf("%+q"sv, "\007\010\014\012\015\011\013\"\\"sv) ==
          "\"\\a\\b\\f\\n\\r\\t\\v\\\"\\\\\""sv);
    CHECK(fmt::sprintf("%#q"sv, "\007\010\014\012\015\011\013\"\\"sv) ==
          "\"\\a\\b\\f\\n\\r\\t\\v\\\"\\\\\""sv);
    CHECK(fmt::sprintf("%#+q"sv, "\007\010\014\012\015\011\013\"\\"sv) ==
          "\"\\a\\b\\f\\n\\r\\t\\v\\\"\\\\\""sv);
    CHECK(fmt::sprintf("%q"sv, "\342\230\272"sv) == "\"\342\230\272\""sv);
    CHECK(fmt::sprintf("% q"sv, "\342\230\272"sv) == "\"\342\230\272\""sv);
    CHECK(fmt::sprintf("%+q"sv, "\342\230\272"sv) == "\"\\u263a\""sv);
    CHECK(fmt::sprintf("%#q"sv, "\342\230\272"sv) == "`\342\230\272`"sv);
    CHECK(fmt::sprintf("%#+q"sv, "\342\230\272"sv) == "`\342\230\272`"sv);
    CHECK(fmt::sprintf("%10q"sv, "\342\214\230"sv) == "       \"\342\214\230\""sv);
    CHECK(fmt::sprintf("%+10q"sv, "\342\214\230"sv) == "  \"\\u2318\""sv);
    CHECK(fmt::sprintf("%-10q"sv, "\342\214\230"sv) == "\"\342\214\230\"       "sv);
    CHECK(fmt::sprintf("%+-10q"sv, "\342\214\230"sv) == "\"\\u2318\"  "sv);
    CHECK(fmt::sprintf("%010q"sv, "\342\214\230"sv) == "0000000\"\342\214\230\""sv);
    CHECK(fmt::sprintf("%+010q"sv, "\342\214\230"sv) == "00\"\\u2318\""sv);
    CHECK(fmt::sprintf("%-010q"sv, "\342\214\230"sv) == "\"\342\214\230\"       "sv);
    CHECK(fmt::sprintf("%+-010q"sv, "\342\214\230"sv) == "\"\\u2318\"  "sv);
    CHECK(fmt::sprintf("%#8q"sv, "\012"sv) == "    \"\\n\""sv);
    CHECK(fmt::sprintf("%#+8q"sv, "\015"sv) == "    \"\\r\""sv);
    CHECK(fmt::sprintf("%#-8q"sv, "\011"sv) == "`\011`     "sv);
    CHECK(fmt::sprintf("%#+-8q"sv, "\010"sv) == "\"\\b\"    "sv);
    CHECK(fmt::sprintf("%q"sv, "abc\377def"sv) == "\"abc\\xffdef\""sv);
    CHECK(fmt::sprintf("%+q"sv, "abc\377def"sv) == "\"abc\\xffdef\""sv);
    CHECK(fmt::sprintf("%#q"sv, "abc\377def"sv) == "\"abc\\xffdef\""sv);
    CHECK(fmt::sprintf("%#+q"sv, "abc\377def"sv) == "\"abc\\xffdef\""sv);
    CHECK(fmt::sprintf("%q"sv, "\364\217\277\277"sv) == "\"\\U0010ffff\""sv);
    CHECK(fmt::sprintf("%+q"sv, "\364\217\277\277"sv) == "\"\\U0010ffff\""sv);
    CHECK(fmt::sprintf("%#q"sv, "\364\217\277\277"sv) == "`\364\217\277\277`"sv);
    CHECK(fmt::sprintf("%#+q"sv, "\364\217\277\277"sv) == "`\364\217\277\277`"sv);
    CHECK(fmt::sprintf("%c"sv, unsigned(120)) == "x"sv);
    CHECK(fmt::sprintf("%c"sv, 228) == "\303\244"sv);
    CHECK(fmt::sprintf("%c"sv, 26412) == "\346\234\254"sv);
    CHECK(fmt::sprintf("%c"sv, char32_t(26085)) == "\346\227\245"sv);
    CHECK(fmt::sprintf("%.0c"sv, char32_t(8984)) == "\342\214\230"sv);
    CHECK(fmt::sprintf("%3c"sv, char32_t(8984)) == "  \342\214\230"sv);
    CHECK(fmt::sprintf("%-3c"sv, char32_t(8984)) == "\342\214\230  "sv);
    CHECK(fmt::sprintf("%c"sv, char32_t(3584)) == "\340\270\200"sv);
    CHECK(fmt::sprintf("%c"sv, char32_t(1114111)) == "\364\217\277\277"sv);
    CHECK(fmt::sprintf("%c"sv, -1) == "\357\277\275"sv);
    CHECK(fmt::sprintf("%c"sv, 56448) == "\357\277\275"sv);
    CHECK(fmt::sprintf("%c"sv, char32_t(1114112LL)) == "\357\277\275"sv);
    CHECK(fmt::sprintf("%c"sv, std::int64_t(68719476735LL)) == "\357\277\275"sv);
    CHECK(fmt::sprintf("%c"sv, std::uint64_t(68719476735ULL)) == "\357\277\275"sv);
    CHECK(fmt::sprintf("%q"sv, unsigned(0ULL)) == "'\\x00'"sv);
    CHECK(fmt::sprintf("%+q"sv, unsigned(0ULL)) == "'\\x00'"sv);
    CHECK(fmt::sprintf("%q"sv, char32_t(34)) == "'\"'"sv);
}

TEST_CASE("fmt: fmt_test.go rows, part 2") {
    CHECK(fmt::sprintf("%+q"sv, char32_t(34)) == "'\"'"sv);
    CHECK(fmt::sprintf("%q"sv, char32_t(39)) == "'\\''"sv);
    CHECK(fmt::sprintf("%+q"sv, char32_t(39)) == "'\\''"sv);
    CHECK(fmt::sprintf("%q"sv, char32_t(96)) == "'`'"sv);
    CHECK(fmt::sprintf("%+q"sv, char32_t(96)) == "'`'"sv);
    CHECK(fmt::sprintf("%q"sv, char32_t(120)) == "'x'"sv);
    CHECK(fmt::sprintf("%+q"sv, char32_t(120)) == "'x'"sv);
    CHECK(fmt::sprintf("%q"sv, char32_t(255)) == "'\303\277'"sv);
    CHECK(fmt::sprintf("%+q"sv, char32_t(255)) == "'\\u00ff'"sv);
    CHECK(fmt::sprintf("%q"sv, char32_t(10)) == "'\\n'"sv);
    CHECK(fmt::sprintf("%+q"sv, char32_t(10)) == "'\\n'"sv);
    CHECK(fmt::sprintf("%q"sv, char32_t(9786)) == "'\342\230\272'"sv);
    CHECK(fmt::sprintf("%+q"sv, char32_t(9786)) == "'\\u263a'"sv);
    CHECK(fmt::sprintf("% q"sv, char32_t(9786)) == "'\342\230\272'"sv);
    CHECK(fmt::sprintf("%.0q"sv, char32_t(9786)) == "'\342\230\272'"sv);
    CHECK(fmt::sprintf("%10q"sv, char32_t(8984)) == "       '\342\214\230'"sv);
    CHECK(fmt::sprintf("%+10q"sv, char32_t(8984)) == "  '\\u2318'"sv);
    CHECK(fmt::sprintf("%-10q"sv, char32_t(8984)) == "'\342\214\230'       "sv);
    CHECK(fmt::sprintf("%+-10q"sv, char32_t(8984)) == "'\\u2318'  "sv);
    CHECK(fmt::sprintf("%010q"sv, char32_t(8984)) == "0000000'\342\214\230'"sv);
    CHECK(fmt::sprintf("%+010q"sv, char32_t(8984)) == "00'\\u2318'"sv);
    CHECK(fmt::sprintf("%-010q"sv, char32_t(8984)) == "'\342\214\230'       "sv);
    CHECK(fmt::sprintf("%+-010q"sv, char32_t(8984)) == "'\\u2318'  "sv);
    CHECK(fmt::sprintf("%q"sv, char32_t(3584)) == "'\\u0e00'"sv);
    CHECK(fmt::sprintf("%q"sv, char32_t(1114111)) == "'\\U0010ffff'"sv);
    CHECK(fmt::sprintf("%q"sv, std::int32_t(-1LL)) == "'\357\277\275'"sv);
    CHECK(fmt::sprintf("%q"sv, 56448) == "'\357\277\275'"sv);
    CHECK(fmt::sprintf("%q"sv, char32_t(1114112LL)) == "'\357\277\275'"sv);
    CHECK(fmt::sprintf("%q"sv, std::int64_t(68719476735LL)) == "'\357\277\275'"sv);
    CHECK(fmt::sprintf("%q"sv, std::uint64_t(68719476735ULL)) == "'\357\277\275'"sv);
    CHECK(fmt::sprintf("%5s"sv, "abc"sv) == "  abc"sv);
    CHECK(fmt::sprintf("%5s"sv, std::vector<std::uint8_t>{97, 98, 99}) == "  abc"sv);
    CHECK(fmt::sprintf("%2s"sv, "\342\230\272"sv) == " \342\230\272"sv);
    CHECK(fmt::sprintf("%2s"sv, std::vector<std::uint8_t>{226, 152, 186}) == " \342\230\272"sv);
    CHECK(fmt::sprintf("%-5s"sv, "abc"sv) == "abc  "sv);
    CHECK(fmt::sprintf("%-5s"sv, std::vector<std::uint8_t>{97, 98, 99}) == "abc  "sv);
    CHECK(fmt::sprintf("%05s"sv, "abc"sv) == "00abc"sv);
    CHECK(fmt::sprintf("%05s"sv, std::vector<std::uint8_t>{97, 98, 99}) == "00abc"sv);
    CHECK(fmt::sprintf("%5s"sv, "abcdefghijklmnopqrstuvwxyz"sv) == "abcdefghijklmnopqrstuvwxyz"sv);
    CHECK(
        fmt::sprintf("%5s"sv, std::vector<std::uint8_t>{97,  98,  99,  100, 101, 102, 103, 104, 105,
                                                        106, 107, 108, 109, 110, 111, 112, 113, 114,
                                                        115, 116, 117, 118, 119, 120, 121, 122}) ==
        "abcdefghijklmnopqrstuvwxyz"sv);
    CHECK(fmt::sprintf("%.5s"sv, "abcdefghijklmnopqrstuvwxyz"sv) == "abcde"sv);
    CHECK(fmt::sprintf("%.5s"sv, std::vector<std::uint8_t>{97,  98,  99,  100, 101, 102, 103,
                                                           104, 105, 106, 107, 108, 109, 110,
                                                           111, 112, 113, 114, 115, 116, 117,
                                                           118, 119, 120, 121, 122}) == "abcde"sv);
    CHECK(fmt::sprintf(
              "%.0s"sv,
              "\346\227\245\346\234\254\350\252\236\346\227\245\346\234\254\350\252\236"sv) ==
          ""sv);
    CHECK(fmt::sprintf("%.0s"sv,
                       std::vector<std::uint8_t>{230, 151, 165, 230, 156, 172, 232, 170, 158, 230,
                                                 151, 165, 230, 156, 172, 232, 170, 158}) == ""sv);
    CHECK(fmt::sprintf(
              "%.5s"sv,
              "\346\227\245\346\234\254\350\252\236\346\227\245\346\234\254\350\252\236"sv) ==
          "\346\227\245\346\234\254\350\252\236\346\227\245\346\234\254"sv);
    CHECK(fmt::sprintf("%.5s"sv,
                       std::vector<std::uint8_t>{230, 151, 165, 230, 156, 172, 232, 170, 158, 230,
                                                 151, 165, 230, 156, 172, 232, 170, 158}) ==
          "\346\227\245\346\234\254\350\252\236\346\227\245\346\234\254"sv);
    CHECK(fmt::sprintf(
              "%.10s"sv,
              "\346\227\245\346\234\254\350\252\236\346\227\245\346\234\254\350\252\236"sv) ==
          "\346\227\245\346\234\254\350\252\236\346\227\245\346\234\254\350\252\236"sv);
    CHECK(fmt::sprintf("%.10s"sv,
                       std::vector<std::uint8_t>{230, 151, 165, 230, 156, 172, 232, 170, 158, 230,
                                                 151, 165, 230, 156, 172, 232, 170, 158}) ==
          "\346\227\245\346\234\254\350\252\236\346\227\245\346\234\254\350\252\236"sv);
    CHECK(fmt::sprintf("%08q"sv, "abc"sv) == "000\"abc\""sv);
    CHECK(fmt::sprintf("%08q"sv, std::vector<std::uint8_t>{97, 98, 99}) == "000\"abc\""sv);
    CHECK(fmt::sprintf("%-8q"sv, "abc"sv) == "\"abc\"   "sv);
    CHECK(fmt::sprintf("%-8q"sv, std::vector<std::uint8_t>{97, 98, 99}) == "\"abc\"   "sv);
    CHECK(fmt::sprintf("%.5q"sv, "abcdefghijklmnopqrstuvwxyz"sv) == "\"abcde\""sv);
    CHECK(fmt::sprintf("%.5q"sv, std::vector<std::uint8_t>{
                                     97,  98,  99,  100, 101, 102, 103, 104, 105,
                                     106, 107, 108, 109, 110, 111, 112, 113, 114,
                                     115, 116, 117, 118, 119, 120, 121, 122}) == "\"abcde\""sv);
    CHECK(fmt::sprintf("%.5x"sv, "abcdefghijklmnopqrstuvwxyz"sv) == "6162636465"sv);
    CHECK(fmt::sprintf("%.5x"sv, std::vector<std::uint8_t>{
                                     97,  98,  99,  100, 101, 102, 103, 104, 105,
                                     106, 107, 108, 109, 110, 111, 112, 113, 114,
                                     115, 116, 117, 118, 119, 120, 121, 122}) == "6162636465"sv);
    CHECK(fmt::sprintf(
              "%.3q"sv,
              "\346\227\245\346\234\254\350\252\236\346\227\245\346\234\254\350\252\236"sv) ==
          "\"\346\227\245\346\234\254\350\252\236\""sv);
    CHECK(fmt::sprintf("%.3q"sv,
                       std::vector<std::uint8_t>{230, 151, 165, 230, 156, 172, 232, 170, 158, 230,
                                                 151, 165, 230, 156, 172, 232, 170, 158}) ==
          "\"\346\227\245\346\234\254\350\252\236\""sv);
    CHECK(fmt::sprintf("%.1q"sv, "\346\227\245\346\234\254\350\252\236"sv) == "\"\346\227\245\""sv);
    CHECK(fmt::sprintf("%.1q"sv, std::vector<std::uint8_t>{230, 151, 165, 230, 156, 172, 232, 170,
                                                           158}) == "\"\346\227\245\""sv);
    CHECK(fmt::sprintf("%.1x"sv, "\346\227\245\346\234\254\350\252\236"sv) == "e6"sv);
    CHECK(fmt::sprintf("%.1X"sv, std::vector<std::uint8_t>{230, 151, 165, 230, 156, 172, 232, 170,
                                                           158}) == "E6"sv);
    CHECK(fmt::sprintf(
              "%10.1q"sv,
              "\346\227\245\346\234\254\350\252\236\346\227\245\346\234\254\350\252\236"sv) ==
          "       \"\346\227\245\""sv);
    CHECK(fmt::sprintf("%10.1q"sv,
                       std::vector<std::uint8_t>{230, 151, 165, 230, 156, 172, 232, 170, 158, 230,
                                                 151, 165, 230, 156, 172, 232, 170, 158}) ==
          "       \"\346\227\245\""sv);
    CHECK(fmt::sprintf("%10v"sv, nullptr) == "     <nil>"sv);
    CHECK(fmt::sprintf("%-10v"sv, nullptr) == "<nil>     "sv);
    CHECK(fmt::sprintf("%d"sv, unsigned(12345ULL)) == "12345"sv);
    CHECK(fmt::sprintf("%d"sv, int(-12345LL)) == "-12345"sv);
    CHECK(fmt::sprintf("%.d"sv, 0) == ""sv);
    CHECK(fmt::sprintf("%.0d"sv, 0) == ""sv);
    CHECK(fmt::sprintf("%6.0d"sv, 0) == "      "sv);
    CHECK(fmt::sprintf("%06.0d"sv, 0) == "      "sv);
    CHECK(fmt::sprintf("% d"sv, 12345) == " 12345"sv);
    CHECK(fmt::sprintf("%+d"sv, 12345) == "+12345"sv);
    CHECK(fmt::sprintf("%+d"sv, -12345) == "-12345"sv);
    CHECK(fmt::sprintf("%b"sv, 7) == "111"sv);
    CHECK(fmt::sprintf("%b"sv, -6) == "-110"sv);
    CHECK(fmt::sprintf("%#b"sv, 7) == "0b111"sv);
    CHECK(fmt::sprintf("%#b"sv, -6) == "-0b110"sv);
    CHECK(fmt::sprintf("%o"sv, 668) == "1234"sv);
    CHECK(fmt::sprintf("%o"sv, -668) == "-1234"sv);
    CHECK(fmt::sprintf("%#o"sv, 668) == "01234"sv);
    CHECK(fmt::sprintf("%#o"sv, -668) == "-01234"sv);
    CHECK(fmt::sprintf("%O"sv, 668) == "0o1234"sv);
    CHECK(fmt::sprintf("%O"sv, -668) == "-0o1234"sv);
    CHECK(fmt::sprintf("%#X"sv, 0) == "0X0"sv);
    CHECK(fmt::sprintf("%x"sv, 313249263) == "12abcdef"sv);
    CHECK(fmt::sprintf("%X"sv, 313249263) == "12ABCDEF"sv);
    CHECK(fmt::sprintf("%.20b"sv, 7) == "00000000000000000111"sv);
    CHECK(fmt::sprintf("%10d"sv, 12345) == "     12345"sv);
    CHECK(fmt::sprintf("%10d"sv, -12345) == "    -12345"sv);
    CHECK(fmt::sprintf("%+10d"sv, 12345) == "    +12345"sv);
    CHECK(fmt::sprintf("%010d"sv, 12345) == "0000012345"sv);
    CHECK(fmt::sprintf("%010d"sv, -12345) == "-000012345"sv);
    CHECK(fmt::sprintf("%20.8d"sv, 1234) == "            00001234"sv);
    CHECK(fmt::sprintf("%20.8d"sv, -1234) == "           -00001234"sv);
    CHECK(fmt::sprintf("%020.8d"sv, 1234) == "            00001234"sv);
    CHECK(fmt::sprintf("%020.8d"sv, -1234) == "           -00001234"sv);
    CHECK(fmt::sprintf("%-20.8d"sv, 1234) == "00001234            "sv);
    CHECK(fmt::sprintf("%-20.8d"sv, -1234) == "-00001234           "sv);
}

TEST_CASE("fmt: fmt_test.go rows, part 3") {
    CHECK(fmt::sprintf("%-#20.8x"sv, 19090108) == "0x01234abc          "sv);
    CHECK(fmt::sprintf("%-#20.8X"sv, 19090108) == "0X01234ABC          "sv);
    CHECK(fmt::sprintf("%-#20.8o"sv, 668) == "00001234            "sv);
    CHECK(fmt::sprintf("%U"sv, 0) == "U+0000"sv);
    CHECK(fmt::sprintf("%U"sv, -1) == "U+FFFFFFFFFFFFFFFF"sv);
    CHECK(fmt::sprintf("%U"sv, char32_t(10)) == "U+000A"sv);
    CHECK(fmt::sprintf("%#U"sv, char32_t(10)) == "U+000A"sv);
    CHECK(fmt::sprintf("%+U"sv, char32_t(120)) == "U+0078"sv);
    CHECK(fmt::sprintf("%# U"sv, char32_t(120)) == "U+0078 'x'"sv);
    CHECK(fmt::sprintf("%#.2U"sv, char32_t(120)) == "U+0078 'x'"sv);
    CHECK(fmt::sprintf("%U"sv, char32_t(9786)) == "U+263A"sv);
    CHECK(fmt::sprintf("%#U"sv, char32_t(9786)) == "U+263A '\342\230\272'"sv);
    CHECK(fmt::sprintf("%U"sv, char32_t(120514)) == "U+1D6C2"sv);
    CHECK(fmt::sprintf("%#U"sv, char32_t(120514)) == "U+1D6C2 '\360\235\233\202'"sv);
    CHECK(fmt::sprintf("%#14.6U"sv, char32_t(8984)) == "  U+002318 '\342\214\230'"sv);
    CHECK(fmt::sprintf("%#-14.6U"sv, char32_t(8984)) == "U+002318 '\342\214\230'  "sv);
    CHECK(fmt::sprintf("%#014.6U"sv, char32_t(8984)) == "  U+002318 '\342\214\230'"sv);
    CHECK(fmt::sprintf("%#-014.6U"sv, char32_t(8984)) == "U+002318 '\342\214\230'  "sv);
    CHECK(fmt::sprintf("%+.3e"sv, 0.0) == "+0.000e+00"sv);
    CHECK(fmt::sprintf("%+.3e"sv, 1.0) == "+1.000e+00"sv);
    CHECK(fmt::sprintf("%+.3x"sv, 0.0) == "+0x0.000p+00"sv);
    CHECK(fmt::sprintf("%+.3x"sv, 1.0) == "+0x1.000p+00"sv);
    CHECK(fmt::sprintf("%+.3f"sv, -1.0) == "-1.000"sv);
    CHECK(fmt::sprintf("%+.3F"sv, -1.0) == "-1.000"sv);
    CHECK(fmt::sprintf("%+.3F"sv, float(-1.0)) == "-1.000"sv);
    CHECK(fmt::sprintf("%+07.2f"sv, 1.0) == "+001.00"sv);
    CHECK(fmt::sprintf("%+07.2f"sv, -1.0) == "-001.00"sv);
    CHECK(fmt::sprintf("%-07.2f"sv, 1.0) == "1.00   "sv);
    CHECK(fmt::sprintf("%-07.2f"sv, -1.0) == "-1.00  "sv);
    CHECK(fmt::sprintf("%+-07.2f"sv, 1.0) == "+1.00  "sv);
    CHECK(fmt::sprintf("%+-07.2f"sv, -1.0) == "-1.00  "sv);
    CHECK(fmt::sprintf("%-+07.2f"sv, 1.0) == "+1.00  "sv);
    CHECK(fmt::sprintf("%-+07.2f"sv, -1.0) == "-1.00  "sv);
    CHECK(fmt::sprintf("%+10.2f"sv, -1.0) == "     -1.00"sv);
    CHECK(fmt::sprintf("% .3E"sv, -1.0) == "-1.000E+00"sv);
    CHECK(fmt::sprintf("% .3e"sv, 1.0) == " 1.000e+00"sv);
    CHECK(fmt::sprintf("% .3X"sv, -1.0) == "-0X1.000P+00"sv);
    CHECK(fmt::sprintf("% .3x"sv, 1.0) == " 0x1.000p+00"sv);
    CHECK(fmt::sprintf("%+.3g"sv, 0.0) == "+0"sv);
    CHECK(fmt::sprintf("%+.3g"sv, 1.0) == "+1"sv);
    CHECK(fmt::sprintf("%+.3g"sv, -1.0) == "-1"sv);
    CHECK(fmt::sprintf("% .3g"sv, -1.0) == "-1"sv);
    CHECK(fmt::sprintf("% .3g"sv, 1.0) == " 1"sv);
    CHECK(fmt::sprintf("%b"sv, float(1.0)) == "8388608p-23"sv);
    CHECK(fmt::sprintf("%b"sv, 1.0) == "4503599627370496p-52"sv);
    CHECK(fmt::sprintf("%#g"sv, 1e-323) == "1.00000e-323"sv);
    CHECK(fmt::sprintf("%#g"sv, -1.0) == "-1.00000"sv);
    CHECK(fmt::sprintf("%#g"sv, 1.1) == "1.10000"sv);
    CHECK(fmt::sprintf("%#g"sv, 123456.0) == "123456."sv);
    CHECK(fmt::sprintf("%#g"sv, 1234567.0) == "1.234567e+06"sv);
    CHECK(fmt::sprintf("%#g"sv, 1230000.0) == "1.23000e+06"sv);
    CHECK(fmt::sprintf("%#g"sv, 1000000.0) == "1.00000e+06"sv);
    CHECK(fmt::sprintf("%#.0f"sv, 1.0) == "1."sv);
    CHECK(fmt::sprintf("%#.0e"sv, 1.0) == "1.e+00"sv);
    CHECK(fmt::sprintf("%#.0x"sv, 1.0) == "0x1.p+00"sv);
    CHECK(fmt::sprintf("%#.0g"sv, 1.0) == "1."sv);
    CHECK(fmt::sprintf("%#.0g"sv, 1100000.0) == "1.e+06"sv);
    CHECK(fmt::sprintf("%#.4f"sv, 1.0) == "1.0000"sv);
    CHECK(fmt::sprintf("%#.4e"sv, 1.0) == "1.0000e+00"sv);
    CHECK(fmt::sprintf("%#.4x"sv, 1.0) == "0x1.0000p+00"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 1.0) == "1.000"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 100000.0) == "1.000e+05"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 1.234) == "1.234"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 0.1234) == "0.1234"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 1.23) == "1.230"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 0.123) == "0.1230"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 1.2) == "1.200"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 0.12) == "0.1200"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 10.2) == "10.20"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 0.0) == "0.000"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 0.012) == "0.01200"sv);
    CHECK(fmt::sprintf("%#.0f"sv, 123.0) == "123."sv);
    CHECK(fmt::sprintf("%#.0e"sv, 123.0) == "1.e+02"sv);
    CHECK(fmt::sprintf("%#.0x"sv, 123.0) == "0x1.p+07"sv);
    CHECK(fmt::sprintf("%#.0g"sv, 123.0) == "1.e+02"sv);
    CHECK(fmt::sprintf("%#.4f"sv, 123.0) == "123.0000"sv);
    CHECK(fmt::sprintf("%#.4e"sv, 123.0) == "1.2300e+02"sv);
    CHECK(fmt::sprintf("%#.4x"sv, 123.0) == "0x1.ec00p+06"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 123.0) == "123.0"sv);
    CHECK(fmt::sprintf("%#.4g"sv, 123000.0) == "1.230e+05"sv);
    CHECK(fmt::sprintf("%#9.4g"sv, 1.0) == "    1.000"sv);
    CHECK(fmt::sprintf("%#b"sv, 1.0) == "4503599627370496p-52"sv);
    CHECK(fmt::sprintf("%.4b"sv, float(1.0)) == "8388608p-23"sv);
    CHECK(fmt::sprintf("%.4b"sv, -1.0) == "-4503599627370496p-52"sv);
    CHECK(fmt::sprintf("%e"sv, 1.0) == "1.000000e+00"sv);
    CHECK(fmt::sprintf("%e"sv, 1234.5678e3) == "1.234568e+06"sv);
    CHECK(fmt::sprintf("%e"sv, 1234.5678e-8) == "1.234568e-05"sv);
    CHECK(fmt::sprintf("%e"sv, -7.0) == "-7.000000e+00"sv);
    CHECK(fmt::sprintf("%e"sv, -1e-9) == "-1.000000e-09"sv);
    CHECK(fmt::sprintf("%f"sv, 1234.5678e3) == "1234567.800000"sv);
    CHECK(fmt::sprintf("%f"sv, 1234.5678e-8) == "0.000012"sv);
    CHECK(fmt::sprintf("%f"sv, -7.0) == "-7.000000"sv);
    CHECK(fmt::sprintf("%f"sv, -1e-9) == "-0.000000"sv);
    CHECK(fmt::sprintf("%g"sv, 1234.5678e3) == "1.2345678e+06"sv);
    CHECK(fmt::sprintf("%g"sv, float(1234.5678e3)) == "1.2345678e+06"sv);
    CHECK(fmt::sprintf("%g"sv, 1234.5678e-8) == "1.2345678e-05"sv);
    CHECK(fmt::sprintf("%g"sv, -7.0) == "-7"sv);
    CHECK(fmt::sprintf("%g"sv, -1e-9) == "-1e-09"sv);
    CHECK(fmt::sprintf("%g"sv, float(-1e-9)) == "-1e-09"sv);
    CHECK(fmt::sprintf("%E"sv, 1.0) == "1.000000E+00"sv);
}

TEST_CASE("fmt: fmt_test.go rows, part 4") {
    CHECK(fmt::sprintf("%E"sv, 1234.5678e3) == "1.234568E+06"sv);
    CHECK(fmt::sprintf("%E"sv, 1234.5678e-8) == "1.234568E-05"sv);
    CHECK(fmt::sprintf("%E"sv, -7.0) == "-7.000000E+00"sv);
    CHECK(fmt::sprintf("%E"sv, -1e-9) == "-1.000000E-09"sv);
    CHECK(fmt::sprintf("%G"sv, 1234.5678e3) == "1.2345678E+06"sv);
    CHECK(fmt::sprintf("%G"sv, float(1234.5678e3)) == "1.2345678E+06"sv);
    CHECK(fmt::sprintf("%G"sv, 1234.5678e-8) == "1.2345678E-05"sv);
    CHECK(fmt::sprintf("%G"sv, -7.0) == "-7"sv);
    CHECK(fmt::sprintf("%G"sv, -1e-9) == "-1E-09"sv);
    CHECK(fmt::sprintf("%G"sv, float(-1e-9)) == "-1E-09"sv);
    CHECK(fmt::sprintf("%20.5s"sv, "qwertyuiop"sv) == "               qwert"sv);
    CHECK(fmt::sprintf("%.5s"sv, "qwertyuiop"sv) == "qwert"sv);
    CHECK(fmt::sprintf("%-20.5s"sv, "qwertyuiop"sv) == "qwert               "sv);
    CHECK(fmt::sprintf("%20c"sv, char32_t(120)) == "                   x"sv);
    CHECK(fmt::sprintf("%-20c"sv, char32_t(120)) == "x                   "sv);
    CHECK(fmt::sprintf("%20.6e"sv, 1.2345e3) == "        1.234500e+03"sv);
    CHECK(fmt::sprintf("%20.6e"sv, 1.2345e-3) == "        1.234500e-03"sv);
    CHECK(fmt::sprintf("%20e"sv, 1.2345e3) == "        1.234500e+03"sv);
    CHECK(fmt::sprintf("%20e"sv, 1.2345e-3) == "        1.234500e-03"sv);
    CHECK(fmt::sprintf("%20.8e"sv, 1.2345e3) == "      1.23450000e+03"sv);
    CHECK(fmt::sprintf("%20f"sv, 1.23456789e3) == "         1234.567890"sv);
    CHECK(fmt::sprintf("%20f"sv, 1.23456789e-3) == "            0.001235"sv);
    CHECK(fmt::sprintf("%20f"sv, 12345678901.23456789) == "  12345678901.234568"sv);
    CHECK(fmt::sprintf("%-20f"sv, 1.23456789e3) == "1234.567890         "sv);
    CHECK(fmt::sprintf("%20.8f"sv, 1.23456789e3) == "       1234.56789000"sv);
    CHECK(fmt::sprintf("%20.8f"sv, 1.23456789e-3) == "          0.00123457"sv);
    CHECK(fmt::sprintf("%g"sv, 1.23456789e3) == "1234.56789"sv);
    CHECK(fmt::sprintf("%g"sv, 1.23456789e-3) == "0.00123456789"sv);
    CHECK(fmt::sprintf("%g"sv, 1.23456789e20) == "1.23456789e+20"sv);
    CHECK(fmt::sprintf("%b"sv, std::array<std::uint8_t, 3>{std::uint8_t(65ULL), std::uint8_t(66ULL),
                                                           std::uint8_t(67ULL)}) ==
          "[1000001 1000010 1000011]"sv);
    CHECK(fmt::sprintf("%c"sv, std::array<std::uint8_t, 3>{std::uint8_t(65ULL), std::uint8_t(66ULL),
                                                           std::uint8_t(67ULL)}) == "[A B C]"sv);
    CHECK(fmt::sprintf("%d"sv, std::array<std::uint8_t, 3>{std::uint8_t(65ULL), std::uint8_t(66ULL),
                                                           std::uint8_t(67ULL)}) == "[65 66 67]"sv);
    CHECK(fmt::sprintf("%o"sv, std::array<std::uint8_t, 3>{std::uint8_t(65ULL), std::uint8_t(66ULL),
                                                           std::uint8_t(67ULL)}) ==
          "[101 102 103]"sv);
    CHECK(fmt::sprintf("%U"sv, std::array<std::uint8_t, 3>{std::uint8_t(65ULL), std::uint8_t(66ULL),
                                                           std::uint8_t(67ULL)}) ==
          "[U+0041 U+0042 U+0043]"sv);
    CHECK(fmt::sprintf("%v"sv, std::array<std::uint8_t, 3>{std::uint8_t(65ULL), std::uint8_t(66ULL),
                                                           std::uint8_t(67ULL)}) == "[65 66 67]"sv);
    CHECK(fmt::sprintf("%v"sv, std::array<std::uint8_t, 1>{std::uint8_t(123ULL)}) == "[123]"sv);
    CHECK(fmt::sprintf("%012v"sv, std::vector<std::uint8_t>{}) == "[]"sv);
    CHECK(fmt::sprintf("%#012v"sv, std::vector<std::uint8_t>{}) == "[]byte{}"sv);
    CHECK(fmt::sprintf("%6v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                          std::uint8_t(111ULL)}) ==
          "[     1     11    111]"sv);
    CHECK(fmt::sprintf("%06v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                           std::uint8_t(111ULL)}) ==
          "[000001 000011 000111]"sv);
    CHECK(fmt::sprintf("%-6v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                           std::uint8_t(111ULL)}) ==
          "[1      11     111   ]"sv);
    CHECK(fmt::sprintf("%-06v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                            std::uint8_t(111ULL)}) ==
          "[1      11     111   ]"sv);
    CHECK(fmt::sprintf("%#v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                          std::uint8_t(111ULL)}) ==
          "[]byte{0x1, 0xb, 0x6f}"sv);
    CHECK(fmt::sprintf("%#6v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                           std::uint8_t(111ULL)}) ==
          "[]byte{   0x1,    0xb,   0x6f}"sv);
    CHECK(fmt::sprintf("%#06v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                            std::uint8_t(111ULL)}) ==
          "[]byte{0x000001, 0x00000b, 0x00006f}"sv);
    CHECK(fmt::sprintf("%#-6v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                            std::uint8_t(111ULL)}) ==
          "[]byte{0x1   , 0xb   , 0x6f  }"sv);
    CHECK(
        fmt::sprintf("%#-06v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                           std::uint8_t(111ULL)}) ==
        "[]byte{0x1   , 0xb   , 0x6f  }"sv);
    CHECK(fmt::sprintf("% v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                          std::uint8_t(111ULL)}) ==
          "[ 1  11  111]"sv);
    CHECK(fmt::sprintf("%+v"sv, std::array<std::uint8_t, 3>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                            std::uint8_t(111ULL)}) ==
          "[1 11 111]"sv);
    CHECK(
        fmt::sprintf("%# -6v"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                           std::uint8_t(111ULL)}) ==
        "[]byte{ 0x1  ,  0xb  ,  0x6f }"sv);
    CHECK(fmt::sprintf("%#+-6v"sv,
                       std::array<std::uint8_t, 3>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                   std::uint8_t(111ULL)}) ==
          "[3]uint8{0x1   , 0xb   , 0x6f  }"sv);
    CHECK(fmt::sprintf("% d"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                          std::uint8_t(111ULL)}) ==
          "[ 1  11  111]"sv);
    CHECK(fmt::sprintf("%+d"sv, std::array<std::uint8_t, 3>{std::uint8_t(1ULL), std::uint8_t(11ULL),
                                                            std::uint8_t(111ULL)}) ==
          "[+1 +11 +111]"sv);
    CHECK(fmt::sprintf("%# -6d"sv, std::vector<std::uint8_t>{
                                       std::uint8_t(1ULL), std::uint8_t(11ULL),
                                       std::uint8_t(111ULL)}) == "[ 1      11     111  ]"sv);
    CHECK(fmt::sprintf("%#+-6d"sv, std::array<std::uint8_t, 3>{
                                       std::uint8_t(1ULL), std::uint8_t(11ULL),
                                       std::uint8_t(111ULL)}) == "[+1     +11    +111  ]"sv);
    CHECK(fmt::sprintf("%v"sv, 1.2345678) == "1.2345678"sv);
    CHECK(fmt::sprintf("%v"sv, float(1.2345678)) == "1.2345678"sv);
    CHECK(fmt::sprintf("%#v"sv, 1000000000) == "1000000000"sv);
    CHECK(fmt::sprintf("%#v"sv, std::map<std::string, int>{{"a"s, 1}}) ==
          "map[string]int{\"a\":1}"sv);
    CHECK(fmt::sprintf("%#v"sv, std::vector<std::string>{"a"s, "b"s}) ==
          "[]string{\"a\", \"b\"}"sv);
    CHECK(fmt::sprintf("%#v"sv, std::vector<int>{}) == "[]int{}"sv);
    CHECK(fmt::sprintf("%#v"sv, "foo"sv) == "\"foo\""sv);
    CHECK(fmt::sprintf("%#v"sv, 1.2345678) == "1.2345678"sv);
    CHECK(fmt::sprintf("%#v"sv, float(1.2345678)) == "1.2345678"sv);
    CHECK(fmt::sprintf("%#v"sv, 1.0) == "1"sv);
    CHECK(fmt::sprintf("%#v"sv, 1000000.0) == "1e+06"sv);
    CHECK(fmt::sprintf("%#v"sv, float(1.0)) == "1"sv);
    CHECK(fmt::sprintf("%#v"sv, float(1000000.0)) == "1e+06"sv);
    CHECK(fmt::sprintf("%#v"sv, std::vector<std::uint8_t>{}) == "[]byte{}"sv);
    CHECK(fmt::sprintf("%#v"sv, std::vector<std::uint8_t>{}) == "[]byte{}"sv);
    CHECK(fmt::sprintf("%#v"sv, std::array<std::uint8_t, 3>{}) == "[3]uint8{0x0, 0x0, 0x0}"sv);
    CHECK(fmt::sprintf("%#v"sv, std::array<std::uint8_t, 3>{}) == "[3]uint8{0x0, 0x0, 0x0}"sv);
    CHECK(fmt::sprintf("%#x"sv, std::vector<int>{1, 2, 15}) == "[0x1 0x2 0xf]"sv);
    CHECK(fmt::sprintf("%x"sv, std::vector<int>{1, 2, 15}) == "[1 2 f]"sv);
    CHECK(fmt::sprintf("%d"sv, std::vector<int>{1, 2, 15}) == "[1 2 15]"sv);
    CHECK(fmt::sprintf("%d"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(2ULL),
                                                         std::uint8_t(15ULL)}) == "[1 2 15]"sv);
    CHECK(fmt::sprintf("%q"sv, std::vector<std::string>{"a"s, "b"s}) == "[\"a\" \"b\"]"sv);
    CHECK(fmt::sprintf("% 02x"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL)}) == "01"sv);
    CHECK(fmt::sprintf("% 02x"sv, std::vector<std::uint8_t>{std::uint8_t(1ULL), std::uint8_t(2ULL),
                                                            std::uint8_t(3ULL)}) == "01 02 03"sv);
    CHECK(fmt::sprintf("%2x"sv, std::vector<std::uint8_t>{}) == "  "sv);
    CHECK(fmt::sprintf("%#2x"sv, std::vector<std::uint8_t>{}) == "  "sv);
    CHECK(fmt::sprintf("% 02x"sv, std::vector<std::uint8_t>{}) == "00"sv);
    CHECK(fmt::sprintf("%# 02x"sv, std::vector<std::uint8_t>{}) == "00"sv);
    CHECK(fmt::sprintf("%-2x"sv, std::vector<std::uint8_t>{}) == "  "sv);
    CHECK(fmt::sprintf("%-02x"sv, std::vector<std::uint8_t>{}) == "  "sv);
    CHECK(fmt::sprintf("%8x"sv, std::vector<std::uint8_t>{std::uint8_t(171ULL)}) == "      ab"sv);
    CHECK(fmt::sprintf("% 8x"sv, std::vector<std::uint8_t>{std::uint8_t(171ULL)}) == "      ab"sv);
    CHECK(fmt::sprintf("%#8x"sv, std::vector<std::uint8_t>{std::uint8_t(171ULL)}) == "    0xab"sv);
    CHECK(fmt::sprintf("%# 8x"sv, std::vector<std::uint8_t>{std::uint8_t(171ULL)}) == "    0xab"sv);
    CHECK(fmt::sprintf("%08x"sv, std::vector<std::uint8_t>{std::uint8_t(171ULL)}) == "000000ab"sv);
    CHECK(fmt::sprintf("% 08x"sv, std::vector<std::uint8_t>{std::uint8_t(171ULL)}) == "000000ab"sv);
    CHECK(fmt::sprintf("%#08x"sv, std::vector<std::uint8_t>{std::uint8_t(171ULL)}) == "00000xab"sv);
    CHECK(fmt::sprintf("%# 08x"sv, std::vector<std::uint8_t>{std::uint8_t(171ULL)}) ==
          "00000xab"sv);
    CHECK(fmt::sprintf("%10x"sv,
                       std::vector<std::uint8_t>{std::uint8_t(171ULL), std::uint8_t(205ULL)}) ==
          "      abcd"sv);
    CHECK(fmt::sprintf("% 10x"sv,
                       std::vector<std::uint8_t>{std::uint8_t(171ULL), std::uint8_t(205ULL)}) ==
          "     ab cd"sv);
    CHECK(fmt::sprintf("%#10x"sv,
                       std::vector<std::uint8_t>{std::uint8_t(171ULL), std::uint8_t(205ULL)}) ==
          "    0xabcd"sv);
    CHECK(fmt::sprintf("%# 10x"sv,
                       std::vector<std::uint8_t>{std::uint8_t(171ULL), std::uint8_t(205ULL)}) ==
          " 0xab 0xcd"sv);
    CHECK(fmt::sprintf("%010x"sv,
                       std::vector<std::uint8_t>{std::uint8_t(171ULL), std::uint8_t(205ULL)}) ==
          "000000abcd"sv);
    CHECK(fmt::sprintf("% 010x"sv,
                       std::vector<std::uint8_t>{std::uint8_t(171ULL), std::uint8_t(205ULL)}) ==
          "00000ab cd"sv);
    CHECK(fmt::sprintf("%#010x"sv,
                       std::vector<std::uint8_t>{std::uint8_t(171ULL), std::uint8_t(205ULL)}) ==
          "00000xabcd"sv);
}

TEST_CASE("fmt: fmt_test.go rows, part 5") {
    CHECK(fmt::sprintf("%# 010x"sv,
                       std::vector<std::uint8_t>{std::uint8_t(171ULL), std::uint8_t(205ULL)}) ==
          "00xab 0xcd"sv);
    CHECK(fmt::sprintf("%-10X"sv, std::vector<std::uint8_t>{std::uint8_t(171ULL)}) ==
          "AB        "sv);
    CHECK(fmt::sprintf("% -010X"sv, std::vector<std::uint8_t>{std::uint8_t(171ULL)}) ==
          "AB        "sv);
    CHECK(fmt::sprintf("%#-10X"sv,
                       std::vector<std::uint8_t>{std::uint8_t(171ULL), std::uint8_t(205ULL)}) ==
          "0XABCD    "sv);
    CHECK(fmt::sprintf("%# -010X"sv,
                       std::vector<std::uint8_t>{std::uint8_t(171ULL), std::uint8_t(205ULL)}) ==
          "0XAB 0XCD "sv);
    CHECK(fmt::sprintf("%2x"sv, ""sv) == "  "sv);
    CHECK(fmt::sprintf("%#2x"sv, ""sv) == "  "sv);
    CHECK(fmt::sprintf("% 02x"sv, ""sv) == "00"sv);
    CHECK(fmt::sprintf("%# 02x"sv, ""sv) == "00"sv);
    CHECK(fmt::sprintf("%-2x"sv, ""sv) == "  "sv);
    CHECK(fmt::sprintf("%-02x"sv, ""sv) == "  "sv);
    CHECK(fmt::sprintf("%8x"sv, "\253"sv) == "      ab"sv);
    CHECK(fmt::sprintf("% 8x"sv, "\253"sv) == "      ab"sv);
    CHECK(fmt::sprintf("%#8x"sv, "\253"sv) == "    0xab"sv);
    CHECK(fmt::sprintf("%# 8x"sv, "\253"sv) == "    0xab"sv);
    CHECK(fmt::sprintf("%08x"sv, "\253"sv) == "000000ab"sv);
    CHECK(fmt::sprintf("% 08x"sv, "\253"sv) == "000000ab"sv);
    CHECK(fmt::sprintf("%#08x"sv, "\253"sv) == "00000xab"sv);
    CHECK(fmt::sprintf("%# 08x"sv, "\253"sv) == "00000xab"sv);
    CHECK(fmt::sprintf("%10x"sv, "\253\315"sv) == "      abcd"sv);
    CHECK(fmt::sprintf("% 10x"sv, "\253\315"sv) == "     ab cd"sv);
    CHECK(fmt::sprintf("%#10x"sv, "\253\315"sv) == "    0xabcd"sv);
    CHECK(fmt::sprintf("%# 10x"sv, "\253\315"sv) == " 0xab 0xcd"sv);
    CHECK(fmt::sprintf("%010x"sv, "\253\315"sv) == "000000abcd"sv);
    CHECK(fmt::sprintf("% 010x"sv, "\253\315"sv) == "00000ab cd"sv);
    CHECK(fmt::sprintf("%#010x"sv, "\253\315"sv) == "00000xabcd"sv);
    CHECK(fmt::sprintf("%# 010x"sv, "\253\315"sv) == "00xab 0xcd"sv);
    CHECK(fmt::sprintf("%-10X"sv, "\253"sv) == "AB        "sv);
    CHECK(fmt::sprintf("% -010X"sv, "\253"sv) == "AB        "sv);
    CHECK(fmt::sprintf("%#-10X"sv, "\253\315"sv) == "0XABCD    "sv);
    CHECK(fmt::sprintf("%# -010X"sv, "\253\315"sv) == "0XAB 0XCD "sv);
    CHECK(fmt::sprintf("%T"sv, std::uint8_t(0ULL)) == "uint8"sv);
    CHECK(fmt::sprintf("%10T"sv, nullptr) == "     <nil>"sv);
    CHECK(fmt::sprintf("%-10T"sv, nullptr) == "<nil>     "sv);
    CHECK(fmt::sprintf("%p"sv, 27) == "%!p(int=27)"sv);
    CHECK(fmt::sprintf("%p"sv, nullptr) == "%!p(<nil>)"sv);
    CHECK(fmt::sprintf("%#p"sv, nullptr) == "%!p(<nil>)"sv);
    CHECK(fmt::sprintf("%v"sv, nullptr) == "<nil>"sv);
    CHECK(fmt::sprintf("%#v"sv, nullptr) == "<nil>"sv);
    CHECK(fmt::sprintf(""sv, nullptr) == "%!(EXTRA <nil>)"sv);
    CHECK(fmt::sprintf(""sv, 2) == "%!(EXTRA int=2)"sv);
    CHECK(fmt::sprintf("no args"sv, "hello"sv) == "no args%!(EXTRA string=hello)"sv);
    CHECK(fmt::sprintf("%s %"sv, "hello"sv) == "hello %!(NOVERB)"sv);
    CHECK(fmt::sprintf("%s %.2"sv, "hello"sv) == "hello %!(NOVERB)"sv);
    CHECK(fmt::sprintf("%017091901790959340919092959340919017929593813360"sv, 0) ==
          "%!(NOVERB)%!(EXTRA int=0)"sv);
    CHECK(fmt::sprintf("%184467440737095516170v"sv, 0) == "%!(NOVERB)%!(EXTRA int=0)"sv);
    CHECK(fmt::sprintf("%010.2"sv, "12345"sv) == "%!(NOVERB)%!(EXTRA string=12345)"sv);
    CHECK(fmt::sprintf("%.2f"sv, 1.0) == "1.00"sv);
    CHECK(fmt::sprintf("%.2f"sv, -1.0) == "-1.00"sv);
    CHECK(fmt::sprintf("% .2f"sv, 1.0) == " 1.00"sv);
    CHECK(fmt::sprintf("% .2f"sv, -1.0) == "-1.00"sv);
    CHECK(fmt::sprintf("%+.2f"sv, 1.0) == "+1.00"sv);
    CHECK(fmt::sprintf("%+.2f"sv, -1.0) == "-1.00"sv);
    CHECK(fmt::sprintf("%7.2f"sv, 1.0) == "   1.00"sv);
    CHECK(fmt::sprintf("%7.2f"sv, -1.0) == "  -1.00"sv);
    CHECK(fmt::sprintf("% 7.2f"sv, 1.0) == "   1.00"sv);
    CHECK(fmt::sprintf("% 7.2f"sv, -1.0) == "  -1.00"sv);
    CHECK(fmt::sprintf("%+7.2f"sv, 1.0) == "  +1.00"sv);
    CHECK(fmt::sprintf("%+7.2f"sv, -1.0) == "  -1.00"sv);
    CHECK(fmt::sprintf("% +7.2f"sv, 1.0) == "  +1.00"sv);
    CHECK(fmt::sprintf("% +7.2f"sv, -1.0) == "  -1.00"sv);
    CHECK(fmt::sprintf("%07.2f"sv, 1.0) == "0001.00"sv);
    CHECK(fmt::sprintf("%07.2f"sv, -1.0) == "-001.00"sv);
    CHECK(fmt::sprintf("% 07.2f"sv, 1.0) == " 001.00"sv);
    CHECK(fmt::sprintf("% 07.2f"sv, -1.0) == "-001.00"sv);
    CHECK(fmt::sprintf("%+07.2f"sv, 1.0) == "+001.00"sv);
    CHECK(fmt::sprintf("%+07.2f"sv, -1.0) == "-001.00"sv);
    CHECK(fmt::sprintf("% +07.2f"sv, 1.0) == "+001.00"sv);
    CHECK(fmt::sprintf("% +07.2f"sv, -1.0) == "-001.00"sv);
    CHECK(fmt::sprintf("%0-5s"sv, "abc"sv) == "abc  "sv);
    CHECK(fmt::sprintf("%-05.1f"sv, 1.0) == "1.0  "sv);
    CHECK(fmt::sprintf("%."sv, 3) == "%!.(int=3)"sv);
    CHECK(fmt::sprintf("%\342\230\240"sv, nullptr) == "%!\342\230\240(<nil>)"sv);
    CHECK(fmt::sprintf("%\342\230\240"sv, int(0LL)) == "%!\342\230\240(int=0)"sv);
    CHECK(fmt::sprintf("%\342\230\240"sv, unsigned(0ULL)) == "%!\342\230\240(uint=0)"sv);
    CHECK(fmt::sprintf("%\342\230\240"sv,
                       std::vector<std::uint8_t>{std::uint8_t(0ULL), std::uint8_t(1ULL)}) ==
          "[%!\342\230\240(uint8=0) %!\342\230\240(uint8=1)]"sv);
    CHECK(fmt::sprintf("%\342\230\240"sv,
                       std::vector<std::uint8_t>{std::uint8_t(0ULL), std::uint8_t(1ULL)}) ==
          "[%!\342\230\240(uint8=0) %!\342\230\240(uint8=1)]"sv);
    CHECK(fmt::sprintf("%\342\230\240"sv, std::array<std::uint8_t, 1>{std::uint8_t(0ULL)}) ==
          "[%!\342\230\240(uint8=0)]"sv);
    CHECK(fmt::sprintf("%\342\230\240"sv, std::array<std::uint8_t, 1>{std::uint8_t(0ULL)}) ==
          "[%!\342\230\240(uint8=0)]"sv);
    CHECK(fmt::sprintf("%\342\230\240"sv, "hello"sv) == "%!\342\230\240(string=hello)"sv);
    CHECK(fmt::sprintf("%\342\230\240"sv, 1.2345678) == "%!\342\230\240(float64=1.2345678)"sv);
    CHECK(fmt::sprintf("%\342\230\240"sv, float(1.2345678)) ==
          "%!\342\230\240(float32=1.2345678)"sv);
}
// Go's reorderTests (TestReorder): explicit argument indexes.
TEST_CASE("fmt: argument indexes, as Go's TestReorder") {
    CHECK(fmt::sprintf("%[1]d", 1) == "1");
    CHECK(fmt::sprintf("%[2]d", 2, 1) == "1");
    CHECK(fmt::sprintf("%[2]d %[1]d", 1, 2) == "2 1");
    CHECK(fmt::sprintf("%[2]*[1]d", 2, 5) == "    2");
    CHECK(fmt::sprintf("%6.2f", 12.0) == " 12.00");
    CHECK(fmt::sprintf("%[3]*.[2]*[1]f", 12.0, 2, 6) == " 12.00");
    CHECK(fmt::sprintf("%[1]*.[2]*[3]f", 6, 2, 12.0) == " 12.00");
    CHECK(fmt::sprintf("%10f", 12.0) == " 12.000000");
    CHECK(fmt::sprintf("%[1]*[3]f", 10, 99, 12.0) == " 12.000000");
    CHECK(fmt::sprintf("%.6f", 12.0) == "12.000000");
    CHECK(fmt::sprintf("%.[1]*[3]f", 6, 99, 12.0) == "12.000000");
    CHECK(fmt::sprintf("%6.f", 12.0) == "    12");
    CHECK(fmt::sprintf("%[1]*.[3]f", 6, 3, 12.0) == "    12");
    CHECK(fmt::sprintf("%d %d %d %#[1]o %#o %#o", 11, 12, 13) == "11 12 13 013 014 015");
    CHECK(fmt::sprintf("%[d", 2, 1) == "%!d(BADINDEX)");
    CHECK(fmt::sprintf("%]d", 2, 1) == "%!](int=2)d%!(EXTRA int=1)");
    CHECK(fmt::sprintf("%[]d", 2, 1) == "%!d(BADINDEX)");
    CHECK(fmt::sprintf("%[-3]d", 2, 1) == "%!d(BADINDEX)");
    CHECK(fmt::sprintf("%[99]d", 2, 1) == "%!d(BADINDEX)");
    CHECK(fmt::sprintf("%[3]", 2, 1) == "%!(NOVERB)");
    CHECK(fmt::sprintf("%[1].2d", 5, 6) == "%!d(BADINDEX)");
    CHECK(fmt::sprintf("%[1]2d", 2, 1) == "%!d(BADINDEX)");
    CHECK(fmt::sprintf("%3.[2]d", 7) == "%!d(BADINDEX)");
    CHECK(fmt::sprintf("%.[2]d", 7) == "%!d(BADINDEX)");
    CHECK(fmt::sprintf("%d %d %d %#[1]o %#o %#o %#o", 11, 12, 13) ==
          "11 12 13 013 014 015 %!o(MISSING)");
    CHECK(fmt::sprintf("%[5]d %[2]d %d", 1, 2, 3) == "%!d(BADINDEX) 2 3");
    CHECK(fmt::sprintf("%d %[3]d %d", 1, 2) == "1 %!d(BADINDEX) 2");
    CHECK(fmt::sprintf("%.[]") == "%!](BADINDEX)");
    CHECK(fmt::sprintf("%.-3d", 42) == "%!-(int=42)3d");
    CHECK(fmt::sprintf("%2147483648d", 42) == "%!(NOVERB)%!(EXTRA int=42)");
    CHECK(fmt::sprintf("%-2147483648d", 42) == "%!(NOVERB)%!(EXTRA int=42)");
    CHECK(fmt::sprintf("%.2147483648d", 42) == "%!(NOVERB)%!(EXTRA int=42)");
}

// Go's startests (TestWidthAndPrecision): * takes the width or precision
// from an integer operand.
TEST_CASE("fmt: * width and precision, as Go's TestWidthAndPrecision") {
    CHECK(fmt::sprintf("%*d", 4, 42) == "  42");
    CHECK(fmt::sprintf("%-*d", 4, 42) == "42  ");
    CHECK(fmt::sprintf("%*d", -4, 42) == "42  ");
    CHECK(fmt::sprintf("%-*d", -4, 42) == "42  ");
    CHECK(fmt::sprintf("%.*d", 4, 42) == "0042");
    CHECK(fmt::sprintf("%*.*d", 8, 4, 42) == "    0042");
    CHECK(fmt::sprintf("%0*d", 4, 42) == "0042");
    CHECK(fmt::sprintf("%0*d", 4u, 42) == "0042");
    CHECK(fmt::sprintf("%0*d", std::uint64_t{4}, 42) == "0042");
    CHECK(fmt::sprintf("%0*d", U'\x04', 42) == "0042");
    CHECK(fmt::sprintf("%*d", nullptr, 42) == "%!(BADWIDTH)42");
    CHECK(fmt::sprintf("%*d", 10'000'000, 42) == "%!(BADWIDTH)42");
    CHECK(fmt::sprintf("%*d", -10'000'000, 42) == "%!(BADWIDTH)42");
    CHECK(fmt::sprintf("%.*d", nullptr, 42) == "%!(BADPREC)42");
    CHECK(fmt::sprintf("%.*d", -1, 42) == "%!(BADPREC)42");
    CHECK(fmt::sprintf("%.*d", 10'000'000, 42) == "%!(BADPREC)42");
    CHECK(fmt::sprintf("%.*d", 10'000'000u, 42) == "%!(BADPREC)42");
    CHECK(fmt::sprintf("%.*d", std::uint64_t{1} << 63, 42) == "%!(BADPREC)42");
    CHECK(fmt::sprintf("%.*d", ~std::uint64_t{0}, 42) == "%!(BADPREC)42");
    CHECK(fmt::sprintf("%*d", 5, "foo") == "%!d(string=  foo)");
    CHECK(fmt::sprintf("%*% %d", 20, 5) == "% 5");
    CHECK(fmt::sprintf("%*", 4) == "%!(NOVERB)");
}

// Go's TestBlank, TestBlankln, TestSlicePrinter, TestMapPrinter, TestEmptyMap.
TEST_CASE("fmt: Print puts spaces between operands when neither is a string; Println always") {
    CHECK(fmt::sprint("<", 1, ">:", 1, 2, 3, "!") == "<1>:1 2 3!");
    CHECK(fmt::sprintln("<", 1, ">:", 1, 2, 3, "!") == "< 1 >: 1 2 3 !\n");
    CHECK(fmt::sprint(std::string("a"), std::string_view("b"), 1.5, true) == "ab1.5 true");
    CHECK(fmt::sprint() == "");
    CHECK(fmt::sprintln() == "\n");
    std::vector<int> slice;
    CHECK(fmt::sprint(slice) == "[]");
    slice = {1, 2, 3};
    CHECK(fmt::sprint(slice) == "[1 2 3]");
    CHECK(fmt::sprint(&slice) == "&[1 2 3]");
    std::map<int, std::string> m1{{3, "three"}, {1, "one"}, {2, "two"}};
    CHECK(fmt::sprint(m1) == "map[1:one 2:two 3:three]");
    CHECK(fmt::sprint(&m1) == "&map[1:one 2:two 3:three]");
    CHECK(fmt::sprint(std::map<std::string, int>{}) == "map[]");
    // Go sorts map keys when printing; an unordered_map prints the same.
    std::unordered_map<std::string, int> um{{"c", 3}, {"a", 1}, {"b", 2}, {"aa", 0}};
    CHECK(fmt::sprint(um) == "map[a:1 aa:0 b:2 c:3]");
    CHECK(fmt::sprintf("%v", std::vector<std::vector<int>>{{1, 2}, {}, {3}}) == "[[1 2] [] [3]]");
    CHECK(fmt::sprintf("%q", std::vector<std::string>{"a b", "c"}) == R"(["a b" "c"])");
    CHECK(fmt::sprintf("%d", std::vector<std::string>{"a"}) == "[%!d(string=a)]");
    CHECK(fmt::sprintf("%03d", std::array<int, 3>{1, 2, 3}) == "[001 002 003]");
    CHECK(fmt::sprintf("%v", std::pair<std::string, int>{"x", 1}) == "{x 1}");
    int c_array[3] = {4, 5, 6};
    CHECK(fmt::sprint(c_array) == "[4 5 6]");
}

TEST_CASE("fmt: floats print as Go prints them") {
    CHECK(fmt::sprint(3.14) == "3.14");
    CHECK(fmt::sprint(1e6) == "1e+06");
    CHECK(fmt::sprint(123456.0) == "123456");
    CHECK(fmt::sprint(1e21) == "1e+21");
    CHECK(fmt::sprint(1e-5) == "1e-05");
    CHECK(fmt::sprint(0.0001) == "0.0001");
    CHECK(fmt::sprint(0.1 + 0.2) == "0.30000000000000004");
    CHECK(fmt::sprint(-0.0) == "-0");
    CHECK(fmt::sprint(2.0) == "2");
    CHECK(fmt::sprint(100.0 / 3) == "33.333333333333336");
    CHECK(fmt::sprint(std::numeric_limits<double>::infinity()) == "+Inf");
    CHECK(fmt::sprint(-std::numeric_limits<double>::infinity()) == "-Inf");
    CHECK(fmt::sprint(std::numeric_limits<double>::quiet_NaN()) == "NaN");
    // float32 uses the shortest digits of the 32-bit value.
    CHECK(fmt::sprint(0.1f) == "0.1");
    CHECK(fmt::sprint(static_cast<double>(0.1f)) == "0.10000000149011612");
    CHECK(fmt::sprint(16777216.0f) == "1.6777216e+07");
    CHECK(fmt::sprintf("%.2f %e %g %G %8.3f|%-8.3f|%+.1e", 3.14159, 1234.5678, 1e-7, 1e100, 2.5,
                       2.5,
                       12345.0) == "3.14 1.234568e+03 1e-07 1E+100    2.500|2.500   |+1.2e+04");
    CHECK(fmt::sprintf("%6.2f%%", 99.5) == " 99.50%");
    CHECK(fmt::sprintf("%v", std::vector<double>{1, 2.5, 1e20, 1e21}) == "[1 2.5 1e+20 1e+21]");
}

TEST_CASE("fmt: %T names Go's types") {
    CHECK(fmt::sprintf("%T", 1) == "int");
    CHECK(fmt::sprintf("%T", std::int64_t{1}) == "int64");
    CHECK(fmt::sprintf("%T", std::uint8_t{1}) == "uint8");
    CHECK(fmt::sprintf("%T", 1.0) == "float64");
    CHECK(fmt::sprintf("%T", 1.0f) == "float32");
    CHECK(fmt::sprintf("%T", "s") == "string");
    CHECK(fmt::sprintf("%T", std::string("s")) == "string");
    CHECK(fmt::sprintf("%T", true) == "bool");
    CHECK(fmt::sprintf("%T", U'x') == "int32");
    CHECK(fmt::sprintf("%T", std::vector<int>{}) == "[]int");
    CHECK(fmt::sprintf("%T", std::vector<std::string>{}) == "[]string");
    CHECK(fmt::sprintf("%T", std::array<int, 4>{}) == "[4]int");
    CHECK(fmt::sprintf("%T", std::map<std::string, int>{}) == "map[string]int");
    CHECK(fmt::sprintf("%T", std::map<std::string, std::vector<double>>{}) ==
          "map[string][]float64");
    CHECK(fmt::sprintf("%T", make_chan<int>()) == "chan int");
    CHECK(fmt::sprintf("%T", recv_chan<std::string>()) == "<-chan string");
    CHECK(fmt::sprintf("%T", 1500ms) == "time.Duration");
    CHECK(fmt::sprintf("%T", nullptr) == "<nil>");
    CHECK(fmt::sprintf("%T", error()) == "<nil>");
    CHECK(fmt::sprintf("%T", errors::new_("x")) == "*errors.errorString");
    CHECK(fmt::sprintf("%T", fmt::errorf("x: %w", errors::new_("x"))) == "*fmt.wrapError");
    int x = 0;
    CHECK(fmt::sprintf("%T", &x) == "*int");
    CHECK(fmt::sprintf("%10T|%-6T|", 1, true) == "       int|bool  |");
}

namespace {

struct celsius {
    static constexpr std::string_view go_type_name = "main.celsius";
    double degrees;
    std::string string() const { return fmt::sprintf("%.1f°C", degrees); }
};

struct point {
    int x, y;
    friend std::ostream& operator<<(std::ostream& os, const point& p) {
        return os << '(' << p.x << ',' << p.y << ')';
    }
};

struct my_error {
    std::string what;
    std::string error() const { return "my error: " + what; }
};

}  // namespace

TEST_CASE("fmt: Stringers, error() members and operator<< print as Go's methods do") {
    CHECK(fmt::sprint(celsius{21.5}) == "21.5°C");
    CHECK(fmt::sprintf("%q|%8s|%x", celsius{1}, celsius{2}, celsius{3}) ==
          "\"1.0°C\"|   2.0°C|332e30c2b043");
    // Go prints a struct's fields here ({%!d(float64=1)}); without
    // reflection gocpp shows the value through its String().
    CHECK(fmt::sprintf("%d", celsius{1}) == "%!d(main.celsius=1.0°C)");
    CHECK(fmt::sprint(std::vector<celsius>{{1}, {2}}) == "[1.0°C 2.0°C]");
    const celsius c{3};
    CHECK(fmt::sprint(&c) == "3.0°C");
    const celsius* none = nullptr;
    CHECK(fmt::sprint(none) == "<nil>");
    CHECK(fmt::sprint(point{1, 2}) == "(1,2)");
    CHECK(fmt::sprintf("[%8v]", point{1, 2}) == "[   (1,2)]");
    CHECK(fmt::sprint(my_error{"x"}) == "my error: x");
}

TEST_CASE("fmt: errors, contexts, durations and channels print as in Go") {
    error nil_err;
    auto e = errors::new_("boom");
    CHECK(fmt::sprint(e) == "boom");
    CHECK(fmt::sprint(nil_err) == "<nil>");
    CHECK(fmt::sprintf("%v|%s|%q|%d", e, e, e, nil_err) == "boom|boom|\"boom\"|%!d(<nil>)");
    CHECK(fmt::sprint(std::vector<error>{e, nullptr, context::canceled}) ==
          "[boom <nil> context canceled]");
    CHECK(fmt::sprintln("err:", context::deadline_exceeded) == "err: context deadline exceeded\n");

    auto [ctx, cancel] = context::with_cancel(context::background());
    CHECK(fmt::sprint(ctx) == "context.Background.WithCancel");
    CHECK(fmt::sprint(context::todo()) == "context.TODO");
    cancel();

    CHECK(fmt::sprint(1500ms) == "1.5s");
    CHECK(fmt::sprint(std::chrono::minutes(-2)) == "-2m0s");
    CHECK(fmt::sprint(time::Duration(0)) == "0s");
    CHECK(fmt::sprintf("%d %v %s", 2s, 2s, 2s) == "2000000000 2s 2s");
    CHECK(fmt::sprint(std::vector<time::Duration>{1ms, 2h}) == "[1ms 2h0m0s]");

    auto ch = make_chan<int>();
    const std::string addr = fmt::sprint(ch);
    CHECK(addr.rfind("0x", 0) == 0);
    CHECK(addr.size() > 2);
    CHECK(fmt::sprintf("%p", ch) == addr);
    CHECK(fmt::sprint(chan<int>()) == "<nil>");
    CHECK(fmt::sprint(nullptr) == "<nil>");
    CHECK(fmt::sprintf("%d", nullptr) == "%!d(<nil>)");
    std::shared_ptr<int> nil_ptr;
    CHECK(fmt::sprint(nil_ptr) == "<nil>");
    auto p = std::make_shared<int>(1);
    CHECK(fmt::sprint(p) == fmt::sprintf("%p", p.get()));
    CHECK(fmt::sprintf("%x", 'A') == "41");
    CHECK(fmt::sprintf("%c|%c|%U|%#U", U'世', 65, U'⌘', U'⌘') == "世|A|U+2318|U+2318 '⌘'");
}

TEST_CASE("fmt: wrong verbs, missing and extra operands print Go's error forms") {
    CHECK(fmt::sprintf("%d", "hi") == "%!d(string=hi)");
    CHECK(fmt::sprintf("%s", 5) == "%!s(int=5)");
    CHECK(fmt::sprintf("%t", 1.5) == "%!t(float64=1.5)");
    CHECK(fmt::sprintf("%d") == "%!d(MISSING)");
    CHECK(fmt::sprintf("%d %s", 1) == "1 %!s(MISSING)");
    CHECK(fmt::sprintf("hi", 1, "a") == "hi%!(EXTRA int=1, string=a)");
    CHECK(fmt::sprintf("hi", nullptr) == "hi%!(EXTRA <nil>)");
    CHECK(fmt::sprintf("%!") == "%!!(MISSING)");
    CHECK(fmt::sprintf("%") == "%!(NOVERB)");
    CHECK(fmt::sprintf("%z", 3) == "%!z(int=3)");
    CHECK(fmt::sprintf("%w", errors::new_("x")) == "%!w(*errors.errorString=x)");
    CHECK(fmt::sprintf("%d", 2s) == "2000000000");
    CHECK(fmt::sprintf("%t", 2s) == "%!t(time.Duration=2000000000)");
}

TEST_CASE("fmt: errorf wraps the %w operands for is() and unwrap()") {
    auto not_found = errors::new_("not found");
    auto err = fmt::errorf("load %s: %w", "config", not_found);
    CHECK(err.error() == "load config: not found");
    CHECK(err.unwrap() == not_found);
    CHECK(errors::is(err, not_found));
    // Wrapping twice: is() walks the chain.
    auto outer = fmt::errorf("start: %w", err);
    CHECK(outer.error() == "start: load config: not found");
    CHECK(errors::is(outer, not_found));
    CHECK(fmt::sprint(outer) == "start: load config: not found");
    // Without %w: a plain error, which wraps nothing.
    auto plain = fmt::errorf("code %d: %v", 42, not_found);
    CHECK(plain.error() == "code 42: not found");
    CHECK(plain.unwrap() == nullptr);
    CHECK_FALSE(errors::is(plain, not_found));
    // Each call makes a distinct error.
    CHECK(fmt::errorf("x") != fmt::errorf("x"));
    // Go 1.20: several %w wrap several causes; is() finds each.
    auto other = errors::new_("other");
    auto both = fmt::errorf("%w and %w", not_found, context::canceled);
    CHECK(both.error() == "not found and context canceled");
    CHECK(errors::is(both, not_found));
    CHECK(errors::is(both, context::canceled));
    CHECK_FALSE(errors::is(both, other));
    CHECK(both.unwrap() == nullptr);
    // %w of a non-error or a nil error prints Go's error forms.
    CHECK(fmt::errorf("%w", 5).error() == "%!w(int=5)");
    CHECK(fmt::errorf("%w", error()).error() == "%!w(<nil>)");
    CHECK(fmt::errorf("%w", error()).unwrap() == nullptr);
}

TEST_CASE("fmt: fprint writes to a stream in one write") {
    std::ostringstream os;
    fmt::fprint(os, "a", 1, 2, "b");
    fmt::fprintln(os, "x", 3);
    fmt::fprintf(os, "%05.1f|%-4d|%4s|\n", 3.14159, 7, "go");
    CHECK(os.str() == "a1 2bx 3\n003.1|7   |  go|\n");

    // A streambuf that counts the writes: one per call, however many operands.
    struct counting_buf : std::stringbuf {
        int writes = 0;
        std::streamsize xsputn(const char* s, std::streamsize n) override {
            ++writes;
            return std::stringbuf::xsputn(s, n);
        }
    } buf;
    std::ostream counted(&buf);
    fmt::fprintln(counted, "a", 1, 2.5, std::vector<int>{1, 2}, errors::new_("e"));
    fmt::fprintf(counted, "%d-%d-%d\n", 1, 2, 3);
    CHECK(buf.writes == 2);
    CHECK(buf.str() == "a 1 2.5 [1 2] e\n1-2-3\n");
}

TEST_CASE("fmt: lines printed by goroutines at once never interleave") {
    // 8 goroutines each print 200 lines of 3 operands to one stream through
    // fprintln; every line must arrive whole.
    std::ostringstream os;
    sync::Mutex mu;  // an ostringstream is not thread-safe; fprintln's one write is the unit
    struct locked_stream : std::stringbuf {
        sync::Mutex* mu;
        std::stringbuf* target;
        std::streamsize xsputn(const char* s, std::streamsize n) override {
            std::lock_guard lk(*mu);
            return target->sputn(s, n);
        }
    } buf;
    std::stringbuf sink;
    buf.mu = &mu;
    buf.target = &sink;
    std::ostream out(&buf);
    sync::WaitGroup wg;
    for (int g = 0; g < 8; ++g) {
        wg.add(1);
        go([&, g] {
            for (int i = 0; i < 200; ++i) {
                fmt::fprintln(out, "goroutine", g, "line", i);
                if (i % 16 == 0) gosched();
            }
            wg.done();
        });
    }
    wg.wait();
    std::istringstream in(sink.str());
    std::string line;
    int lines = 0;
    while (std::getline(in, line)) {
        int g = -1, i = -1;
        char word1[16] = {}, word2[16] = {};
        REQUIRE(std::sscanf(line.c_str(), "%15s %d %15s %d", word1, &g, word2, &i) == 4);
        CHECK(fmt::sprintln(std::string(word1), g, std::string(word2), i) == line + "\n");
        ++lines;
    }
    CHECK(lines == 1600);
}
