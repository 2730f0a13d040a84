// gocpp/os.hpp — the part of Go's os package that I/O errors need.
//
//     if (errors::is(err, os::err_deadline_exceeded)) { ... }  // a read or write
//                                                              // passed its deadline
#pragma once

#include <gocpp/error.hpp>

namespace gocpp::os {

// os.ErrDeadlineExceeded: what an I/O call returns (possibly wrapped) when its
// deadline passes. Message "i/o timeout"; it is a timeout_error whose
// timeout() and temporary() are true, as Go's *poll.DeadlineExceededError.
// Distinct from context::deadline_exceeded, as in Go.
extern const error err_deadline_exceeded;

}  // namespace gocpp::os
