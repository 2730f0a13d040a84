// Cond, after Go's sync/cond.go: take a ticket, unlock, wait for the ticket
// to be notified, lock again.
#include <gocpp/sync/cond.hpp>

namespace gocpp::sync {

void Cond::wait() {
    const std::uint32_t ticket = notify_.add();
    l.unlock();
    notify_.wait(ticket);
    l.lock();
}

}  // namespace gocpp::sync
