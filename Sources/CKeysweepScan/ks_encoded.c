#include "ks_scan.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

static inline int is_alpha(uint8_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '+' || c == '/' || c == '-' || c == '_';
}

static inline int is_strong(uint8_t c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
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

// Byte by byte: the length of the alphabet run ending at k and where its last strong byte is.
// A window is reported at its start when its last byte is read; an escape cannot lie inside a
// window (it is not an alphabet byte), so the first event seen is the least position.
static size_t next_scalar(const uint8_t *base, size_t i, size_t hi) {
    size_t run = 0, last_strong = 0;
    int strong_seen = 0;
    for (size_t k = i; k < hi; k++) {
        uint8_t c = base[k];
        if (is_alpha(c)) {
            run++;
            if (is_strong(c)) { last_strong = k; strong_seen = 1; }
            if (run >= 16 && strong_seen && last_strong + 15 >= k) return k - 15;
        } else {
            run = 0;
            if ((c == '%' || c == '\\') && escape_start(base, k, hi)) return k;
        }
    }
    return hi;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// Sixty-four bytes per load, 48 owned per step (windows and escapes starting in the first 48
// bytes; a 16-byte window starting there ends inside the load). Lane compares give bit masks for
// alphabet, strong and escape bytes; shifts and ANDs find 16-byte alphabet windows, shifts and
// ORs whether a strong byte lies in each.
__attribute__((target("avx512f,avx512bw")))
static size_t next_avx512(const uint8_t *base, size_t p, size_t hi) {
    const __m512i x20 = _mm512_set1_epi8(0x20), a = _mm512_set1_epi8('a'), upperA = _mm512_set1_epi8('A');
    const __m512i zero = _mm512_set1_epi8('0'), c25 = _mm512_set1_epi8(25), c9 = _mm512_set1_epi8(9);
    const __m512i c5 = _mm512_set1_epi8(5);
    const __m512i plus = _mm512_set1_epi8('+'), slash = _mm512_set1_epi8('/'), dash = _mm512_set1_epi8('-');
    const __m512i under = _mm512_set1_epi8('_'), pct = _mm512_set1_epi8('%'), bsl = _mm512_set1_epi8('\\');
    const __m512i u = _mm512_set1_epi8('u'), x = _mm512_set1_epi8('x');
    const uint64_t owned = (1ull << 48) - 1;
    while (p + 66 <= hi) {
        __m512i v = _mm512_loadu_si512((const void *)(base + p));
        __mmask64 letter = _mm512_cmple_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v, x20), a), c25);
        __mmask64 upper = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, upperA), c25);
        __mmask64 digit = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, zero), c9);
        __mmask64 ps = _mm512_cmpeq_epi8_mask(v, plus) | _mm512_cmpeq_epi8_mask(v, slash);
        __mmask64 du = _mm512_cmpeq_epi8_mask(v, dash) | _mm512_cmpeq_epi8_mask(v, under);
        __mmask64 marks = _mm512_cmpeq_epi8_mask(v, pct) | _mm512_cmpeq_epi8_mask(v, bsl);
        uint64_t alpha = (uint64_t)(letter | digit | ps | du);
        uint64_t strong = (uint64_t)(upper | digit | ps);
        uint64_t a2 = alpha & (alpha >> 1), a4 = a2 & (a2 >> 2), a8 = a4 & (a4 >> 4), a16 = a8 & (a8 >> 8);
        uint64_t s2 = strong | (strong >> 1), s4 = s2 | (s2 >> 2), s8 = s4 | (s4 >> 4), s16 = s8 | (s8 >> 8);
        uint64_t found = a16 & s16;
        if (marks & owned) {
            // `%` before two hex digits, a backslash before u or x.
            __m512i v1 = _mm512_loadu_si512((const void *)(base + p + 1));
            __m512i v2 = _mm512_loadu_si512((const void *)(base + p + 2));
            __mmask64 hex1 = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v1, zero), c9)
                | _mm512_cmple_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v1, x20), a), c5);
            __mmask64 hex2 = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v2, zero), c9)
                | _mm512_cmple_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v2, x20), a), c5);
            __mmask64 ux = _mm512_cmpeq_epi8_mask(v1, u) | _mm512_cmpeq_epi8_mask(v1, x);
            found |= (uint64_t)((_mm512_cmpeq_epi8_mask(v, pct) & hex1 & hex2) | (_mm512_cmpeq_epi8_mask(v, bsl) & ux));
        }
        found &= owned;
        if (found) return p + (size_t)__builtin_ctzll(found);
        p += 48;
    }
    return next_scalar(base, p, hi);
}
#endif

size_t ks_next_encoded(int isa, const uint8_t *base, size_t i, size_t hi) {
    if (i >= hi) return hi;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (isa == KS_ISA_AVX512) return next_avx512(base, i, hi);
#endif
    (void)isa;
    return next_scalar(base, i, hi);
}
