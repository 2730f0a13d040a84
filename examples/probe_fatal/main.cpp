// Fatal runtime behaviors. Run as: probe_fatal <case>
// Each case terminates the process with exit status 2 and a message on stderr.
// Only the first lines of stderr (which contain no file paths) are compared.
// Ported line for line from the Go 1.19 program beside the expected outputs.
#include <gocpp/gocpp.hpp>
#include <gocpp/sync.hpp>

#include <string>

using namespace gocpp;

int main(int argc, char** argv) {
    const std::string which = argc > 1 ? argv[1] : "";
    if (which == "select-empty") {
        select();
    } else if (which == "nil-recv") {
        chan<int> c;
        c.recv();
    } else if (which == "nil-send") {
        chan<int> c;
        c.send(1);
    } else if (which == "unbuffered-self-send") {
        auto c = make_chan<int>();
        c.send(1);
    } else if (which == "unlock-unlocked") {
        sync::Mutex mu;
        try {
            mu.unlock();
        } catch (...) {  // does not help: this is a fatal error
        }
    } else if (which == "send-closed-unrecovered") {
        auto c = make_chan<int>();
        c.close();
        c.send(1);
    }
}
