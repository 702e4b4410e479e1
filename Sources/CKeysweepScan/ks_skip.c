#include "ks_scan.h"
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

// Byte classes: 1 outside the base64 alphabet, 2 `%` or backslash, 4 upper-case, digit, + or /.
static uint8_t classes[256];
static int classes_ready;

static void init_classes(void) {
    for (int b = 0; b < 256; b++) {
        int lower = b >= 'a' && b <= 'z', upper = b >= 'A' && b <= 'Z', digit = b >= '0' && b <= '9';
        int alpha = lower || upper || digit || b == '+' || b == '/' || b == '-' || b == '_';
        uint8_t c = alpha ? 0 : 1;
        if (b == '%' || b == '\\') c |= 2;
        if (upper || digit || b == '+' || b == '/') c |= 4;
        classes[b] = c;
    }
    __atomic_store_n(&classes_ready, 1, __ATOMIC_RELEASE);
}

static inline uint8_t class_or8(const uint8_t *q) {
    return (uint8_t)(classes[q[0]] | classes[q[1]] | classes[q[2]] | classes[q[3]]
                     | classes[q[4]] | classes[q[5]] | classes[q[6]] | classes[q[7]]);
}

static inline int is_hex(uint8_t c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

// A `%XX` or the start of `\u` / `\x` at i (the bytes looked at must lie before hi).
static inline int escape_start(const uint8_t *base, size_t i, size_t hi) {
    if (base[i] == '%') return i + 2 < hi && is_hex(base[i + 1]) && is_hex(base[i + 2]);
    if (base[i] == '\\') return i + 1 < hi && (base[i + 1] == 'u' || base[i + 1] == 'x');
    return 0;
}

static size_t skip_scalar(const uint8_t *base, size_t p, size_t hi) {
    if (!__atomic_load_n(&classes_ready, __ATOMIC_ACQUIRE)) init_classes();
    while (p + 16 <= hi) {
        uint8_t a = class_or8(base + p), b = class_or8(base + p + 8);
        if ((a & 5) == 4 || (b & 5) == 4) return p;
        if ((a | b) & 2) {
            for (size_t k = p; k < p + 16; k++) if (escape_start(base, k, hi)) return p;
        }
        p += 16;
    }
    return p;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// One flag per byte of a 64-bit mask (bit 8g + 7 set when byte g is not zero).
static inline uint64_t nonzero_bytes(uint64_t x) {
    const uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    return (((x & low7) + low7) | x) & 0x8080808080808080ull;
}

// Sixty-four bytes (four blocks) per step: lane compares give a bit per byte for "outside the
// alphabet", "escape" and "strong"; each byte of those 64-bit masks is one 8-byte half.
__attribute__((target("avx512f,avx512bw")))
static size_t skip_avx512(const uint8_t *base, size_t p, size_t hi) {
    const __m512i x20 = _mm512_set1_epi8(0x20), a = _mm512_set1_epi8('a'), upperA = _mm512_set1_epi8('A');
    const __m512i zero = _mm512_set1_epi8('0'), c25 = _mm512_set1_epi8(25), c9 = _mm512_set1_epi8(9);
    const __m512i plus = _mm512_set1_epi8('+'), slash = _mm512_set1_epi8('/'), dash = _mm512_set1_epi8('-');
    const __m512i under = _mm512_set1_epi8('_'), pct = _mm512_set1_epi8('%'), bsl = _mm512_set1_epi8('\\');
    const __m512i lowerA = _mm512_set1_epi8('a'), c5 = _mm512_set1_epi8(5);
    const __m512i u = _mm512_set1_epi8('u'), x = _mm512_set1_epi8('x');
    while (p + 66 <= hi) {
        __m512i v = _mm512_loadu_si512((const void *)(base + p));
        __m512i v1 = _mm512_loadu_si512((const void *)(base + p + 1));
        __m512i v2 = _mm512_loadu_si512((const void *)(base + p + 2));
        __mmask64 letter = _mm512_cmple_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v, x20), a), c25);
        __mmask64 upper = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, upperA), c25);
        __mmask64 digit = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, zero), c9);
        __mmask64 ps = _mm512_cmpeq_epi8_mask(v, plus) | _mm512_cmpeq_epi8_mask(v, slash);
        __mmask64 du = _mm512_cmpeq_epi8_mask(v, dash) | _mm512_cmpeq_epi8_mask(v, under);
        // `%` before two hex digits, a backslash before u or x (the bytes after are those of v1 and v2).
        __mmask64 hex1 = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v1, zero), c9)
            | _mm512_cmple_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v1, x20), lowerA), c5);
        __mmask64 hex2 = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v2, zero), c9)
            | _mm512_cmple_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v2, x20), lowerA), c5);
        __mmask64 ux = _mm512_cmpeq_epi8_mask(v1, u) | _mm512_cmpeq_epi8_mask(v1, x);
        __mmask64 esc = (_mm512_cmpeq_epi8_mask(v, pct) & hex1 & hex2) | (_mm512_cmpeq_epi8_mask(v, bsl) & ux);
        uint64_t outside = ~(uint64_t)(letter | digit | ps | du);
        uint64_t strong = (uint64_t)(upper | digit | ps);
        uint64_t half = ~nonzero_bytes(outside) & nonzero_bytes(strong) & 0x8080808080808080ull;
        uint64_t flags = half | nonzero_bytes((uint64_t)esc);
        if (flags) {
            int half_index = __builtin_ctzll(flags) >> 3;
            return p + (size_t)(half_index >> 1) * 16;
        }
        p += 64;
    }
    return skip_scalar(base, p, hi);
}
#endif

size_t ks_skip_plain(int isa, const uint8_t *base, size_t i, size_t hi) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (isa == KS_ISA_AVX512) return skip_avx512(base, i, hi);
#endif
    (void)isa;
    return skip_scalar(base, i, hi);
}
