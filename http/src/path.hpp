// Go's path.Clean and path.Split, for the mux and redirects.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace gocpp::http::detail {

// path.Clean: the shortest equivalent path by purely lexical processing.
inline std::string path_clean(std::string_view p) {
    if (p.empty()) return ".";
    bool rooted = p[0] == '/';
    std::string out;
    std::size_t dotdot = 0;  // where ".." may no longer backtrack
    std::size_t r = 0;
    if (rooted) {
        out += '/';
        r = 1;
        dotdot = 1;
    }
    while (r < p.size()) {
        if (p[r] == '/') {
            r++;
        } else if (p[r] == '.' && (r + 1 == p.size() || p[r + 1] == '/')) {
            r++;
        } else if (p[r] == '.' && p[r + 1] == '.' && (r + 2 == p.size() || p[r + 2] == '/')) {
            r += 2;
            if (out.size() > dotdot) {
                std::size_t w = out.size() - 1;
                while (w > dotdot && out[w] != '/')
                    w--;
                out.resize(w);
            } else if (!rooted) {
                if (!out.empty()) out += '/';
                out += "..";
                dotdot = out.size();
            }
        } else {
            if ((rooted && out.size() != 1) || (!rooted && !out.empty())) out += '/';
            for (; r < p.size() && p[r] != '/'; r++)
                out += p[r];
        }
    }
    if (out.empty()) return ".";
    return out;
}

// path.Split: (dir, file) split after the last slash.
inline std::pair<std::string, std::string> path_split(std::string_view p) {
    auto i = p.rfind('/');
    if (i == std::string_view::npos) return {"", std::string(p)};
    return {std::string(p.substr(0, i + 1)), std::string(p.substr(i + 1))};
}

}  // namespace gocpp::http::detail
