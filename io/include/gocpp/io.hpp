// gocpp/io.hpp — Go's io and bufio packages: the Reader and Writer shapes,
// io::eof, read_full, read_all, copy; bufio's Reader, Writer and Scanner.
#pragma once

#include <gocpp/io/bufio.hpp>
#include <gocpp/io/io.hpp>
