#include "ks_scan.h"
#include "ks_blocks.h"

// The walk of EncodedSpans: from each place `ks_next_encoded` stops at, byte classes decide the
// candidate tokens. Runs of base64 bytes are crossed with the map's alphabet bitmap where it is
// final (a bit scan instead of a byte loop), byte by byte beyond it.

enum {
    ALPHA = 1,         // A-Z a-z 0-9 + / - _
    PERCENT = 2,       // %
    BACKSLASH = 4,     // backslash
    B64_DELIM = 8,     // may stand right before or after a base64 token
    PCT_DELIM = 16,    // ends a percent-encoded token
    ESC_DELIM = 32,    // ends a backslash-escaped string
    HEX = 64,
};

static uint8_t walk_classes[256];
static int walk_ready;

static int in(const char *set, int b) {
    for (; *set; set++) if ((uint8_t)*set == b) return 1;
    return 0;
}

static void init_walk(void) {
    for (int b = 0; b < 256; b++) {
        uint8_t c = 0;
        if ((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '+' || b == '/'
            || b == '-' || b == '_') c |= ALPHA;
        if (b == '%') c |= PERCENT;
        if (b == '\\') c |= BACKSLASH;
        if (b && in(KS_BASE64_DELIMITERS, b)) c |= B64_DELIM;
        if (b && in(" \t\r\n\"'`,;()[]{}<>&?=#", b)) c |= PCT_DELIM;
        if (b && in("\r\n\"'`", b)) c |= ESC_DELIM;
        if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')) c |= HEX;
        walk_classes[b] = c;
    }
    __atomic_store_n(&walk_ready, 1, __ATOMIC_RELEASE);
}

// Where the map's alphabet bits are final, below `limit`.
static inline size_t covered(const ks_encoded_map *map, size_t limit) {
    if (!map) return 0;
    return map->done < limit ? map->done : limit;
}

// The first position in [j, limit) whose byte is outside the alphabet; limit if none.
static inline size_t run_end(const ks_encoded_map *map, const uint8_t *base, size_t j, size_t limit) {
    size_t known = covered(map, limit);
    while (j < known) {
        uint64_t w = ~map->alpha[j >> 6] & (~0ull << (j & 63));
        size_t r = w ? (j & ~(size_t)63) + (size_t)__builtin_ctzll(w) : (j | 63) + 1;
        if (w && r < known) return r;
        j = r < known ? r : known;  // past what the map knows: byte by byte from there
    }
    while (j < limit && (walk_classes[base[j]] & ALPHA)) j++;
    return j;
}

// The start of the alphabet run that ends just before `from`, no lower than `low`.
static inline size_t run_start(const ks_encoded_map *map, const uint8_t *base, size_t from, size_t low) {
    size_t a = from, known = covered(map, from);
    while (a > low) {
        size_t q = a - 1;
        if (q < known) {
            uint64_t w = ~map->alpha[q >> 6] & (~0ull >> (63 - (q & 63)));
            if (w) {
                size_t z = (q & ~(size_t)63) + 63 - (size_t)__builtin_clzll(w);
                return z + 1 > low ? z + 1 : low;
            }
            a = q & ~(size_t)63;
            continue;
        }
        if (!(walk_classes[base[q]] & ALPHA)) break;
        a = q;
    }
    return a > low ? a : low;
}

// Whether a valid `%XX`, `\uXXXX` or `\xXX` escape starts at i (its bytes before hi).
static inline int is_escape(const uint8_t *base, size_t i, size_t hi) {
    if (base[i] == '%') return i + 2 < hi && (walk_classes[base[i + 1]] & HEX) && (walk_classes[base[i + 2]] & HEX);
    if (base[i] != '\\' || i + 3 >= hi) return 0;
    size_t digits = base[i + 1] == 'u' ? 4 : base[i + 1] == 'x' ? 2 : 0;
    if (!digits || i + 1 + digits >= hi) return 0;
    for (size_t d = 0; d < digits; d++) if (!(walk_classes[base[i + 2 + d]] & HEX)) return 0;
    return 1;
}

// The token around a valid escape at i: from the delimiter before it (not below floor, at most
// KS_ESCAPE_LOOK_BACK back) to the one after it (at most KS_TOKEN_MAX from its start).
static inline ks_encoded_token escape_token(const uint8_t *base, size_t i, size_t floor, size_t hi) {
    uint32_t encoding = base[i] == '%' ? KS_ENCODED_PERCENT : KS_ENCODED_ESCAPE;
    uint8_t delimiter = encoding == KS_ENCODED_PERCENT ? PCT_DELIM : ESC_DELIM;
    size_t start = i;
    size_t limit = i > KS_ESCAPE_LOOK_BACK ? i - KS_ESCAPE_LOOK_BACK : 0;
    if (limit < floor) limit = floor;
    while (start > limit && !(walk_classes[base[start - 1]] & delimiter)) start--;
    if (encoding == KS_ENCODED_ESCAPE) {
        // An escaped quote does not end the string.
        while (start > limit && base[start - 1] != '\n' && start >= 2 && base[start - 2] == '\\') {
            start--;
            while (start > limit && !(walk_classes[base[start - 1]] & delimiter)) start--;
        }
    }
    size_t end = i + 1, ceiling = start + KS_TOKEN_MAX < hi ? start + KS_TOKEN_MAX : hi;
    while (end < ceiling) {
        uint8_t b = base[end];
        if (walk_classes[b] & delimiter) {
            if (encoding == KS_ENCODED_ESCAPE && b != '\n' && base[end - 1] == '\\') { end++; continue; }
            break;
        }
        end++;
    }
    ks_encoded_token t = { start, end, encoding };
    return t;
}

// Whether the base64 token t[0 ..< count] (alphabet bytes, then up to two `=`) decodes to text,
// as `Decoders.isText` says: valid padding, one alphabet (standard or URL-safe, not both), and
// output of printable ASCII, tab, CR, LF and whole UTF-8 sequences, at most half of it non-ASCII.
// Identifiers and paths are rejected within a few bytes, before they cost a call into Swift.
static int base64_text(const uint8_t *t, size_t count) {
    size_t n = count;
    while (n > 0 && t[n - 1] == '=') n--;
    if (n < KS_BASE64_MIN || n % 4 == 1 || count - n > 2 || (count != n && count % 4 != 0)) return 0;
    uint32_t acc = 0, bits = 0;
    unsigned kinds = 0;  // 1: `+` or `/` seen, 2: `-` or `_` seen
    size_t written = 0, non_ascii = 0, pending = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = t[i], v;
        if (b >= 'A' && b <= 'Z') v = (uint8_t)(b - 'A');
        else if (b >= 'a' && b <= 'z') v = (uint8_t)(b - 'a' + 26);
        else if (b >= '0' && b <= '9') v = (uint8_t)(b - '0' + 52);
        else if (b == '+' || b == '/') { v = b == '+' ? 62 : 63; kinds |= 1; }
        else if (b == '-' || b == '_') { v = b == '-' ? 62 : 63; kinds |= 2; }
        else return 0;
        acc = acc << 6 | v;
        bits += 6;
        if (bits < 8) continue;
        bits -= 8;
        uint8_t o = (uint8_t)(acc >> bits);
        acc &= (1u << bits) - 1;
        written++;
        if (pending) {
            if ((o & 0xC0) != 0x80) return 0;
            pending--;
        } else if ((o >= 0x20 && o < 0x7F) || o == 0x09 || o == 0x0A || o == 0x0D) {
        } else {
            if (o >= 0xC2 && o <= 0xDF) pending = 1;
            else if (o >= 0xE0 && o <= 0xEF) pending = 2;
            else if (o >= 0xF0 && o <= 0xF4) pending = 3;
            else return 0;
            non_ascii++;
        }
    }
    return kinds != 3 && !pending && written > 0 && non_ascii * 2 <= written;
}

// A run of alphabet bytes base[start ..< end], at least sixteen long: a token if delimited on both
// sides (after up to two `=`), not too long and decoding to text, written to out[(*c)++] (*floor
// moves past it).
// Returns where the walk goes on: the run's end when an escape follows it (`…%3D` or `…\u003d`:
// the escape's token covers the run), else past the padding.
static inline size_t long_run(const uint8_t *base, size_t lo, size_t hi, size_t start, size_t end,
                              ks_encoded_token *out, size_t *c, size_t *floor) {
    size_t stop = end;
    while (stop < hi && stop - end < 2 && base[stop] == '=') stop++;
    uint8_t before = start > lo ? walk_classes[base[start - 1]] : B64_DELIM;
    uint8_t after = stop < hi ? walk_classes[base[stop]] : B64_DELIM;
    if (stop == end && (after & (PERCENT | BACKSLASH)) && is_escape(base, end, hi)) return end;
    if ((before & B64_DELIM) && (after & B64_DELIM) && stop - start <= KS_TOKEN_MAX) {
        ks_encoded_token t = { start, stop, KS_ENCODED_BASE64 };
        if (base64_text(base + start, stop - start)) {
            out[(*c)++] = t;
            *floor = stop;
        }
    }
    return stop;
}

size_t ks_encoded_tokens(int isa, const ks_encoded_map *map, const uint8_t *base, size_t lo, size_t hi,
                         size_t *at, size_t *floor_at, ks_encoded_token *out, size_t cap) {
    if (!__atomic_load_n(&walk_ready, __ATOMIC_ACQUIRE)) init_walk();
    size_t c = 0, i = *at, floor = *floor_at;
    if (hi < lo + 4) { *at = hi; return 0; }
    // A run crossing the region's start begins a token there (the region's edge counts as a
    // delimiter), but the map passes over its window starts if the run began badly before it.
    const ks_encoded_map *first_map = i == lo && lo > 0 && i < hi && (walk_classes[base[lo - 1]] & ALPHA)
        && (walk_classes[base[lo]] & ALPHA) ? NULL : map;
    // An outer step writes at most two tokens.
    while (i < hi && cap - c >= 2) {
        size_t from = ks_next_start(isa, i == lo ? first_map : map, base, i, hi);
        if (from >= hi) { i = hi; break; }
        if (walk_classes[base[from]] & ALPHA) {
            // A window start (escapes start outside the alphabet): the run around it is at least
            // sixteen bytes long, so it is one token or none, as the loop below would find.
            size_t start = run_start(map, base, from, i);
            i = long_run(base, lo, hi, start, run_end(map, base, from + 1, hi), out, &c, &floor);
            continue;
        }
        size_t until = from + 1;
        // From the start of the run reaching `from`, to `until` and past any run or token that
        // crosses it.
        size_t a = run_start(map, base, from, i);
        size_t last = a - 1;  // the last byte outside the alphabet (a - 1 may be below lo: never read)
        size_t j = a;
        while (j < hi && (j < until || j - 1 != last)) {
            uint8_t cls = walk_classes[base[j]];
            if (cls & ALPHA) {
                // Inside a run: the next event is its sixteenth byte or its end.
                size_t sixteenth = last + KS_BASE64_MIN;
                size_t r = run_end(map, base, j, sixteenth < hi ? sixteenth + 1 : hi);
                if (r <= sixteenth || sixteenth >= hi) { j = r; continue; }
                j = sixteenth;
                // A run long enough: find its end, then check what stands around it.
                j = long_run(base, lo, hi, last + 1, run_end(map, base, j + 1, hi), out, &c, &floor);
                last = j - 1;
                continue;
            }
            last = j;
            if ((cls & (PERCENT | BACKSLASH)) && is_escape(base, j, hi)) {
                ks_encoded_token t = escape_token(base, j, floor, hi);
                out[c++] = t;
                floor = t.end;
                j = t.end > j + 1 ? t.end : j + 1;
                last = j - 1;
                continue;
            }
            j++;
        }
        i = j;
    }
    *at = i;
    *floor_at = floor;
    return c;
}
