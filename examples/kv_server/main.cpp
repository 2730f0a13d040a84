// kv_server: a line-based key-value server over TCP, ported line for line
// from go/main.go.
//
//	SET key value | GET key | DEL key | KEYS | QUIT
#include <gocpp/gocpp.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace gocpp;

// strings.Fields.
static std::vector<std::string> fields(const std::string& s) {
    std::istringstream in(s);
    std::vector<std::string> out;
    for (std::string f; in >> f;)
        out.push_back(f);
    return out;
}

// strconv.Quote for printable ASCII, enough for %q of a command word.
static std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

struct store {
    sync::Mutex mu;
    std::map<std::string, std::string> m;

    void handle(net::Conn conn) {
        defer _{[&] { conn.close(); }};
        bufio::Scanner sc(conn);
        bufio::Writer w(conn);
        while (sc.scan()) {
            auto f = fields(sc.text());
            if (f.empty()) continue;
            std::string cmd = f[0];
            std::transform(cmd.begin(), cmd.end(), cmd.begin(), ::toupper);
            if (cmd == "SET") {
                if (f.size() != 3) {
                    w.write("ERR usage: SET key value\n");
                } else {
                    mu.lock();
                    m[f[1]] = f[2];
                    mu.unlock();
                    w.write("OK\n");
                }
            } else if (cmd == "GET") {
                if (f.size() != 2) {
                    w.write("ERR usage: GET key\n");
                } else {
                    mu.lock();
                    auto it = m.find(f[1]);
                    const bool ok = it != m.end();
                    std::string v = ok ? it->second : "";
                    mu.unlock();
                    w.write(ok ? "VALUE " + v + "\n" : std::string("NOT FOUND\n"));
                }
            } else if (cmd == "DEL") {
                if (f.size() != 2) {
                    w.write("ERR usage: DEL key\n");
                } else {
                    mu.lock();
                    const bool ok = m.erase(f[1]) > 0;
                    mu.unlock();
                    w.write(std::string("DELETED ") + (ok ? "true" : "false") + "\n");
                }
            } else if (cmd == "KEYS") {
                mu.lock();
                std::string joined;
                for (const auto& [k, v] : m)
                    joined += (joined.empty() ? "" : ",") + k;
                const std::size_t n = m.size();
                mu.unlock();
                w.write("KEYS " + std::to_string(n) + " " + joined + "\n");
            } else if (cmd == "QUIT") {
                w.write("BYE\n");
                w.flush();
                return;
            } else {
                w.write("ERR unknown command " + quote(f[0]) + "\n");
            }
            w.flush();
        }
    }
};

int main(int argc, char** argv) {
    std::string addr = "127.0.0.1:0";
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if ((a == "-addr" || a == "--addr") && i + 1 < argc) {
            addr = argv[++i];
        } else if (a.rfind("-addr=", 0) == 0) {
            addr = a.substr(6);
        }
    }
    auto [ln, err] = net::listen("tcp", addr);
    if (err) {
        std::cerr << err << '\n';
        return 1;
    }
    std::cout << "listening on " << ln.addr() << std::endl;
    auto* s = new store;  // lives as long as the process, as Go's &store{}
    for (;;) {
        auto [conn, err] = ln.accept();
        if (err) return 0;
        go([s, conn = conn] { s->handle(conn); });
    }
}
