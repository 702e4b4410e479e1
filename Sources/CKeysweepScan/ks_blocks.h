// Shared by the encoded-text loops (ks_encoded.c), the VBMI prefilter loop (ks_trigram.c), which
// finds encoded-text starts along the way, and the encoded-text walk (ks_tokens.c): the byte
// classes, the block arithmetic and the map lookup.
#ifndef KS_BLOCKS_H
#define KS_BLOCKS_H

#include <stddef.h>
#include <stdint.h>
#include "ks_scan.h"
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// The bytes that may stand right before or after a base64 token.
#define KS_BASE64_DELIMITERS " \t\r\n\"'`:=,;()[]{}<>&|\\"

/// The byte classes (1 base64 alphabet, 2 strong: upper case, digit, `+`, `/`; 4 `%` or
/// backslash; 8 a base64 delimiter; 16 may begin the base64 of text, see `ks_encoded_map`),
/// built on first use.
const uint8_t *ks_encoded_classes(void);

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/// The starts of 16-byte windows of alphabet bytes holding a strong byte, for eight 64-position
/// blocks at once (one per 64-bit lane): bit k of lane l for position k of block l, given the
/// blocks' classes (`alpha`, `strong`) and those of the block after each (`alpha_next`,
/// `strong_next`; only their first 15 positions are looked at). Runs of 2, 4, 8, 16 alphabet
/// bytes by shifting and AND-ing (the next block's bits shifted in from the top), strong bytes
/// spread over 16 positions the same way with OR.
__attribute__((target("avx512f")))
static inline __m512i ks_window_starts8(__m512i alpha, __m512i alpha_next, __m512i strong, __m512i strong_next) {
    __m512i a = alpha, b = alpha_next, s = strong, t = strong_next;
    for (unsigned k = 1; k <= 8; k *= 2) {
        // 0xE0: x & (y | z); 0xFE: x | y | z. The next block's bits come in from the top.
        a = _mm512_ternarylogic_epi64(a, _mm512_srli_epi64(a, k), _mm512_slli_epi64(b, 64 - k), 0xE0);
        s = _mm512_ternarylogic_epi64(s, _mm512_srli_epi64(s, k), _mm512_slli_epi64(t, 64 - k), 0xFE);
        b = _mm512_and_si512(b, _mm512_srli_epi64(b, k));
        t = _mm512_or_si512(t, _mm512_srli_epi64(t, k));
    }
    return _mm512_and_si512(a, s);
}
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
/// The escape starts among 64 positions: `%` before two hex digits, a backslash before u or x.
/// v, v1, v2: the bytes from the first position, from one after it, from two after it.
__attribute__((target("avx512f,avx512bw")))
static inline uint64_t ks_escape_starts(__m512i v, __m512i v1, __m512i v2) {
    const __m512i x20 = _mm512_set1_epi8(0x20), a = _mm512_set1_epi8('a'), zero = _mm512_set1_epi8('0');
    const __m512i c9 = _mm512_set1_epi8(9), c5 = _mm512_set1_epi8(5);
    __mmask64 hex1 = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v1, zero), c9)
        | _mm512_cmple_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v1, x20), a), c5);
    __mmask64 hex2 = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v2, zero), c9)
        | _mm512_cmple_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v2, x20), a), c5);
    __mmask64 ux = _mm512_cmpeq_epi8_mask(v1, _mm512_set1_epi8('u')) | _mm512_cmpeq_epi8_mask(v1, _mm512_set1_epi8('x'));
    return (uint64_t)((_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('%')) & hex1 & hex2)
                      | (_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\\')) & ux));
}
#endif

/// `ks_next_encoded_mapped`, inline for the encoded-text walk (ks_tokens.c), whose hottest call it is.
static inline size_t ks_next_start(int isa, const ks_encoded_map *map, const uint8_t *base, size_t i, size_t hi) {
    if (i >= hi) return hi;
    if (map && i < map->done) {
        size_t limit = map->done < hi ? map->done : hi;
        size_t w = i >> 6, last = (limit - 1) >> 6;
        uint64_t x = map->words[w] & (~0ull << (i & 63));
        for (;;) {
            if (x) {
                size_t j = (w << 6) + (size_t)__builtin_ctzll(x);
                if (j >= limit) break;
                // A start in the map may need bytes past hi (a window, an escape's digits): look
                // at the last few bytes exactly.
                return j + 16 <= hi ? j : ks_next_encoded(isa, base, j, hi);
            }
            if (w == last) break;
            // Most words hold no start: four at a time with one branch, stopping short of the
            // last word so that the read after it is the last at most (past it may lie no map).
            while (w + 4 < last && !(map->words[w + 1] | map->words[w + 2] | map->words[w + 3] | map->words[w + 4])) w += 4;
            x = map->words[++w];
        }
        i = limit;
    }
    return ks_next_encoded(isa, base, i, hi);
}

#endif
