// detect_content_type: the WHATWG MIME sniffing algorithm, with the
// signature table of Go's net/http/sniff.go, in Go's order.
#include <gocpp/http/mux.hpp>

#include <cstdint>
#include <string_view>

namespace gocpp::http {
namespace {

using namespace std::string_view_literals;
constexpr std::size_t sniff_len = 512;

bool is_ws(unsigned char b) {
    return b == '\t' || b == '\n' || b == '\x0c' || b == '\r' || b == ' ';
}
// A tag-terminating byte.
bool is_tt(unsigned char b) {
    return b == ' ' || b == '>';
}

enum class kind { html, masked, exact, mp4, text };

struct signature {
    kind k;
    std::string_view pat;
    std::string_view mask;  // masked only
    bool skip_ws;           // masked only
    std::string_view ct;
};

constexpr signature html(std::string_view p) {
    return {kind::html, p, {}, false, "text/html; charset=utf-8"};
}
constexpr signature exact(std::string_view p, std::string_view ct) {
    return {kind::exact, p, {}, false, ct};
}
constexpr signature masked(std::string_view mask, std::string_view p, std::string_view ct,
                           bool skip_ws = false) {
    return {kind::masked, p, mask, skip_ws, ct};
}

const signature signatures[] = {
    html("<!DOCTYPE HTML"),
    html("<HTML"),
    html("<HEAD"),
    html("<SCRIPT"),
    html("<IFRAME"),
    html("<H1"),
    html("<DIV"),
    html("<FONT"),
    html("<TABLE"),
    html("<A"),
    html("<STYLE"),
    html("<TITLE"),
    html("<B"),
    html("<BODY"),
    html("<BR"),
    html("<P"),
    html("<!--"),
    masked("\xFF\xFF\xFF\xFF\xFF"sv, "<?xml"sv, "text/xml; charset=utf-8", true),
    exact("%PDF-", "application/pdf"),
    exact("%!PS-Adobe-", "application/postscript"),
    // UTF byte order marks.
    masked("\xFF\xFF\x00\x00"sv, "\xFE\xFF\x00\x00"sv, "text/plain; charset=utf-16be"),
    masked("\xFF\xFF\x00\x00"sv, "\xFF\xFE\x00\x00"sv, "text/plain; charset=utf-16le"),
    masked("\xFF\xFF\xFF\x00"sv, "\xEF\xBB\xBF\x00"sv, "text/plain; charset=utf-8"),
    // Images.
    exact("\x00\x00\x01\x00"sv, "image/x-icon"),
    exact("\x00\x00\x02\x00"sv, "image/x-icon"),
    exact("BM", "image/bmp"),
    exact("GIF87a", "image/gif"),
    exact("GIF89a", "image/gif"),
    masked("\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF\xFF\xFF"sv,
           "RIFF\x00\x00\x00\x00WEBPVP"sv, "image/webp"),
    exact("\x89PNG\x0D\x0A\x1A\x0A"sv, "image/png"),
    exact("\xFF\xD8\xFF"sv, "image/jpeg"),
    // Audio and video, in the order the standard prescribes.
    masked("\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF"sv,
           "FORM\x00\x00\x00\x00"
           "AIFF"sv,
           "audio/aiff"),
    masked("\xFF\xFF\xFF"sv, "ID3"sv, "audio/mpeg"),
    masked("\xFF\xFF\xFF\xFF\xFF"sv, "OggS\x00"sv, "application/ogg"),
    masked("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF"sv, "MThd\x00\x00\x00\x06"sv, "audio/midi"),
    masked("\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF"sv,
           "RIFF\x00\x00\x00\x00"
           "AVI "sv,
           "video/avi"),
    masked("\xFF\xFF\xFF\xFF\x00\x00\x00\x00\xFF\xFF\xFF\xFF"sv, "RIFF\x00\x00\x00\x00WAVE"sv,
           "audio/wave"),
    {kind::mp4, {}, {}, false, "video/mp4"},
    exact("\x1A\x45\xDF\xA3"sv, "video/webm"),
    // Fonts: 34 zero bytes, then "LP".
    masked(std::string_view("\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                            "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                            "\xFF\xFF",
                            36),
           std::string_view("\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                            "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
                            "LP",
                            36),
           "application/vnd.ms-fontobject"),
    exact("\x00\x01\x00\x00"sv, "font/ttf"),
    exact("OTTO", "font/otf"),
    exact("ttcf", "font/collection"),
    exact("wOFF", "font/woff"),
    exact("wOF2", "font/woff2"),
    // Archives (RAR as RAR Labs defines it, as Go does).
    exact("\x1F\x8B\x08"sv, "application/x-gzip"),
    exact("PK\x03\x04"sv, "application/zip"),
    exact("Rar!\x1A\x07\x00"sv, "application/x-rar-compressed"),
    exact("Rar!\x1A\x07\x01\x00"sv, "application/x-rar-compressed"),
    exact("\x00\x61\x73\x6D"sv, "application/wasm"),
    {kind::text, {}, {}, false, "text/plain; charset=utf-8"},  // must be last
};

bool match_mp4(std::string_view data) {
    if (data.size() < 12) return false;
    auto b = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(data[i]));
    };
    std::uint32_t box_size = b(0) << 24 | b(1) << 16 | b(2) << 8 | b(3);
    if (data.size() < box_size || box_size % 4 != 0) return false;
    if (data.substr(4, 4) != "ftyp") return false;
    for (std::size_t st = 8; st < box_size; st += 4) {
        if (st == 12) continue;  // the minor version
        if (data.substr(st, 3) == "mp4") return true;
    }
    return false;
}

bool matches(const signature& s, std::string_view data, std::size_t first_non_ws) {
    switch (s.k) {
        case kind::exact:
            return data.substr(0, s.pat.size()) == s.pat;
        case kind::masked: {
            if (s.skip_ws) data = data.substr(first_non_ws);
            if (data.size() < s.pat.size()) return false;
            for (std::size_t i = 0; i < s.pat.size(); i++)
                if ((static_cast<unsigned char>(data[i]) & static_cast<unsigned char>(s.mask[i])) !=
                    static_cast<unsigned char>(s.pat[i]))
                    return false;
            return true;
        }
        case kind::html: {
            data = data.substr(first_non_ws);
            if (data.size() < s.pat.size() + 1) return false;
            for (std::size_t i = 0; i < s.pat.size(); i++) {
                unsigned char b = static_cast<unsigned char>(s.pat[i]);
                unsigned char db = static_cast<unsigned char>(data[i]);
                if (b >= 'A' && b <= 'Z') db &= 0xDF;
                if (b != db) return false;
            }
            return is_tt(static_cast<unsigned char>(data[s.pat.size()]));
        }
        case kind::mp4:
            return match_mp4(data);
        case kind::text:
            for (unsigned char b : data.substr(first_non_ws))
                if (b <= 0x08 || b == 0x0B || (b >= 0x0E && b <= 0x1A) || (b >= 0x1C && b <= 0x1F))
                    return false;
            return true;
    }
    return false;
}

}  // namespace

std::string detect_content_type(std::string_view data) {
    if (data.size() > sniff_len) data = data.substr(0, sniff_len);
    std::size_t first_non_ws = 0;
    while (first_non_ws < data.size() && is_ws(static_cast<unsigned char>(data[first_non_ws])))
        first_non_ws++;
    for (const auto& s : signatures)
        if (matches(s, data, first_non_ws)) return std::string(s.ct);
    return "application/octet-stream";
}

}  // namespace gocpp::http
