// Addresses: Go's SplitHostPort/JoinHostPort, network names, resolution
// (numeric, localhost, getaddrinfo on a helper thread) and printing.
#include "internal.hpp"

#include <gocpp/blocking_call.hpp>
#include <gocpp/net/detail/test_hooks.hpp>

#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace gocpp::net {

host_port split_host_port(std::string_view hostport) {
    auto fail = [&](const char* why) {
        return host_port{"", "", std::make_shared<AddrError>(why, std::string(hostport))};
    };
    const char* missing_port = "missing port in address";
    const char* too_many_colons = "too many colons in address";
    const auto i = hostport.rfind(':');
    if (i == std::string_view::npos) return fail(missing_port);
    std::string_view host;
    std::size_t j = 0, k = 0;
    if (!hostport.empty() && hostport[0] == '[') {
        const auto end = hostport.find(']');
        if (end == std::string_view::npos) return fail("missing ']' in address");
        if (end + 1 == hostport.size()) return fail(missing_port);
        if (end + 1 != i) {
            if (hostport[end + 1] == ':') return fail(too_many_colons);
            return fail(missing_port);
        }
        host = hostport.substr(1, end - 1);
        j = 1;
        k = end + 1;
    } else {
        host = hostport.substr(0, i);
        if (host.find(':') != std::string_view::npos) return fail(too_many_colons);
    }
    if (hostport.find('[', j) != std::string_view::npos) return fail("unexpected '[' in address");
    if (hostport.find(']', k) != std::string_view::npos) return fail("unexpected ']' in address");
    return host_port{std::string(host), std::string(hostport.substr(i + 1)), nullptr};
}

std::string join_host_port(std::string_view host, std::string_view port) {
    if (host.find(':') != std::string_view::npos)
        return "[" + std::string(host) + "]:" + std::string(port);
    return std::string(host) + ":" + std::string(port);
}

namespace detail {

error parse_network(std::string_view network, network_kind& out) {
    struct entry {
        const char* name;
        int family, sotype;
        bool unix;
        const char* base;
    };
    static const entry table[] = {
        {"tcp", AF_UNSPEC, SOCK_STREAM, false, "tcp"}, {"tcp4", AF_INET, SOCK_STREAM, false, "tcp"},
        {"tcp6", AF_INET6, SOCK_STREAM, false, "tcp"}, {"udp", AF_UNSPEC, SOCK_DGRAM, false, "udp"},
        {"udp4", AF_INET, SOCK_DGRAM, false, "udp"},   {"udp6", AF_INET6, SOCK_DGRAM, false, "udp"},
        {"unix", AF_UNIX, SOCK_STREAM, true, "unix"},
    };
    for (const entry& e : table) {
        if (network == e.name) {
            out = network_kind{e.family, e.sotype, e.unix, e.base};
            return nullptr;
        }
    }
    return std::make_shared<UnknownNetworkError>(std::string(network));
}

namespace {

bool parse_ip(const std::string& host, int family, sock_addr& out, std::uint16_t port) {
    if (family != AF_INET6) {
        sockaddr_in sin{};
        if (inet_pton(AF_INET, host.c_str(), &sin.sin_addr) == 1) {
            sin.sin_family = AF_INET;
            sin.sin_port = htons(port);
            std::memcpy(&out.ss, &sin, sizeof sin);
            out.len = sizeof sin;
            return true;
        }
    }
    if (family != AF_INET) {
        sockaddr_in6 sin6{};
        std::string addr = host;
        std::string zone;
        if (auto pct = addr.find('%'); pct != std::string::npos) {
            zone = addr.substr(pct + 1);
            addr.resize(pct);
        }
        if (inet_pton(AF_INET6, addr.c_str(), &sin6.sin6_addr) == 1) {
            sin6.sin6_family = AF_INET6;
            sin6.sin6_port = htons(port);
            if (!zone.empty()) sin6.sin6_scope_id = if_nametoindex(zone.c_str());
            std::memcpy(&out.ss, &sin6, sizeof sin6);
            out.len = sizeof sin6;
            return true;
        }
    }
    return false;
}

}  // namespace

error resolve_list(const network_kind& kind, std::string_view address, bool for_listen,
                   std::vector<sock_addr>& out) {
    out.clear();
    sock_addr one;
    if (kind.unix) {
        sockaddr_un sun{};
        sun.sun_family = AF_UNIX;
        if (address.size() >= sizeof sun.sun_path)
            return std::make_shared<AddrError>("invalid argument", std::string(address));
        std::memcpy(sun.sun_path, address.data(), address.size());
        if (!address.empty() && address[0] == '@') sun.sun_path[0] = '\0';  // abstract
        std::memcpy(&one.ss, &sun, sizeof sun);
        one.len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + address.size() +
                                         (address.empty() || address[0] == '@' ? 0 : 1));
        out.push_back(one);
        return nullptr;
    }
    auto hp = split_host_port(address);
    if (hp.err) return hp.err;
    int port = 0;
    if (!hp.port.empty()) {
        auto [ptr, ec] = std::from_chars(hp.port.data(), hp.port.data() + hp.port.size(), port);
        if (ec != std::errc() || ptr != hp.port.data() + hp.port.size()) {
            // A service name, as /etc/services knows it.
            servent se{};
            servent* found = nullptr;
            char buf[1024];
            getservbyname_r(hp.port.c_str(), kind.base.c_str(), &se, buf, sizeof buf, &found);
            if (found == nullptr)
                return std::make_shared<DNSError>("unknown port", kind.base + "/" + hp.port, false);
            port = ntohs(static_cast<std::uint16_t>(found->s_port));
        } else if (port < 0 || port > 65535) {
            return std::make_shared<AddrError>("invalid port", std::string(address));
        }
    }
    const auto p = static_cast<std::uint16_t>(port);
    std::string host = hp.host;
    if (host.empty()) {
        if (for_listen) {
            host = kind.family == AF_INET ? "0.0.0.0" : (kind.family == AF_INET6 ? "::" : "");
            if (host.empty()) {
                // "tcp" with no host: the dual-stack wildcard, as Go's [::].
                sockaddr_in6 sin6{};
                sin6.sin6_family = AF_INET6;
                sin6.sin6_port = htons(p);
                sin6.sin6_addr = in6addr_any;
                std::memcpy(&one.ss, &sin6, sizeof sin6);
                one.len = sizeof sin6;
                out.push_back(one);
                return nullptr;
            }
        } else {
            host = kind.family == AF_INET6 ? "::1" : "127.0.0.1";
        }
    }
    if (parse_ip(host, kind.family, one, p)) {
        out.push_back(one);
        return nullptr;
    }
    // A listener on "localhost" takes the loopback address of its family
    // (Go listens on the first IPv4 address of the name).
    if (for_listen && host == "localhost") {
        if (!parse_ip(kind.family == AF_INET6 ? "::1" : "127.0.0.1", kind.family, one, p))
            return std::make_shared<AddrError>("no suitable address found", host);
        out.push_back(one);
        return nullptr;
    }
    // A literal of the other family ("tcp4" given an IPv6 address).
    {
        sock_addr any;
        if (parse_ip(host, AF_UNSPEC, any, p))
            return std::make_shared<AddrError>("no suitable address found", host);
    }
    if (test_hook_lookup_host != nullptr) {
        if (auto ips = test_hook_lookup_host(host); !ips.empty()) {
            for (const std::string& ip : ips)
                if (parse_ip(ip, kind.family, one, p)) out.push_back(one);
            if (out.empty()) return std::make_shared<AddrError>("no suitable address found", host);
            return nullptr;
        }
    }
    addrinfo hints{};
    hints.ai_family = kind.family;
    hints.ai_socktype = kind.sotype;
    addrinfo* res = nullptr;
    const int rc =
        gocpp::blocking_call([&] { return ::getaddrinfo(host.c_str(), nullptr, &hints, &res); });
    // "localhost" is the loopback address (RFC 6761) even where the hosts
    // file lists it for one family only ("tcp6" with only 127.0.0.1 there).
    auto localhost_loopback = [&] {
        if (host != "localhost") return false;
        if (!parse_ip(kind.family == AF_INET6 ? "::1" : "127.0.0.1", kind.family, one, p))
            return false;
        out.push_back(one);
        return true;
    };
    if (rc != 0) {
        if (localhost_loopback()) return nullptr;
        const bool not_found = rc == EAI_NONAME || rc == EAI_NODATA || rc == EAI_FAIL;
        return std::make_shared<DNSError>(not_found ? "no such host" : gai_strerror(rc), host,
                                          not_found);
    }
    // Every address, in the resolver's order (RFC 6724, as gai.conf says).
    for (const addrinfo* a = res; a != nullptr; a = a->ai_next) {
        if (a->ai_family != AF_INET && a->ai_family != AF_INET6) continue;
        if (a->ai_addrlen > sizeof one.ss) continue;
        std::memcpy(&one.ss, a->ai_addr, a->ai_addrlen);
        one.len = a->ai_addrlen;
        if (a->ai_family == AF_INET) {
            reinterpret_cast<sockaddr_in*>(&one.ss)->sin_port = htons(p);
        } else {
            reinterpret_cast<sockaddr_in6*>(&one.ss)->sin6_port = htons(p);
        }
        out.push_back(one);
    }
    freeaddrinfo(res);
    if (out.empty() && !localhost_loopback())
        return std::make_shared<DNSError>("no such host", host, true);
    return nullptr;
}

error resolve(const network_kind& kind, std::string_view address, bool for_listen, sock_addr& out) {
    std::vector<sock_addr> list;
    if (error err = resolve_list(kind, address, for_listen, list)) return err;
    // Go's first(isIPv4): the first IPv4 address, else the first.
    auto v4 = std::find_if(list.begin(), list.end(),
                           [](const sock_addr& a) { return a.ss.ss_family == AF_INET; });
    out = v4 != list.end() ? *v4 : list.front();
    return nullptr;
}

std::string sockaddr_string(const sockaddr* sa, socklen_t len) {
    char buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
    switch (sa->sa_family) {
        case AF_INET: {
            const auto* sin = reinterpret_cast<const sockaddr_in*>(sa);
            inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof buf);
            return std::string(buf) + ":" + std::to_string(ntohs(sin->sin_port));
        }
        case AF_INET6: {
            const auto* sin6 = reinterpret_cast<const sockaddr_in6*>(sa);
            const int port = ntohs(sin6->sin6_port);
            if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
                inet_ntop(AF_INET, &sin6->sin6_addr.s6_addr[12], buf, sizeof buf);
                return std::string(buf) + ":" + std::to_string(port);
            }
            inet_ntop(AF_INET6, &sin6->sin6_addr, buf, sizeof buf);
            std::string host = buf;
            if (sin6->sin6_scope_id != 0) {
                char name[IF_NAMESIZE];
                if (if_indextoname(sin6->sin6_scope_id, name) != nullptr)
                    host += std::string("%") + name;
            }
            return "[" + host + "]:" + std::to_string(port);
        }
        case AF_UNIX: {
            const auto* sun = reinterpret_cast<const sockaddr_un*>(sa);
            const auto off = offsetof(sockaddr_un, sun_path);
            if (len <= off) return "";
            std::string path(sun->sun_path, len - off);
            if (!path.empty() && path[0] == '\0') {
                path[0] = '@';
            } else if (auto nul = path.find('\0'); nul != std::string::npos) {
                path.resize(nul);
            }
            return path;
        }
    }
    return "";
}

Addr to_addr(const network_kind& kind, const sockaddr* sa, socklen_t len) {
    std::string s = sockaddr_string(sa, len);
    if (kind.unix && s.empty()) return {};
    return Addr(kind.base, std::move(s));
}

}  // namespace detail
}  // namespace gocpp::net
