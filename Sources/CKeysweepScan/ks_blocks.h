// Shared by the encoded-text loops (ks_encoded.c) and the VBMI prefilter loop (ks_trigram.c),
// which finds encoded-text starts along the way: the byte classes and the block arithmetic.
#ifndef KS_BLOCKS_H
#define KS_BLOCKS_H

#include <stdint.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// The byte classes (1 base64 alphabet, 2 strong: upper case, digit, `+`, `/`; 4 `%` or
/// backslash), built on first use.
const uint8_t *ks_encoded_classes(void);

/// The starts of 16-byte windows of alphabet bytes holding a strong byte, among 64 positions:
/// bit k of the answer for position k, given the classes of those 64 bytes (`alpha`, `strong`)
/// and of the 64 after them (`alpha_next`, `strong_next`; only their first 15 are looked at).
static inline uint64_t ks_window_starts(uint64_t alpha, uint64_t alpha_next, uint64_t strong, uint64_t strong_next) {
    __uint128_t a = alpha | (__uint128_t)alpha_next << 64;
    __uint128_t a2 = a & (a >> 1), a4 = a2 & (a2 >> 2), a8 = a4 & (a4 >> 4);
    uint64_t a16 = (uint64_t)(a8 & (a8 >> 8));
    if (!a16) return 0;  // most blocks hold no 16-byte run: the strong bytes are looked at only then
    __uint128_t s = strong | (__uint128_t)strong_next << 64;
    __uint128_t s2 = s | (s >> 1), s4 = s2 | (s2 >> 2), s8 = s4 | (s4 >> 4);
    return a16 & (uint64_t)(s8 | (s8 >> 8));
}

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

#endif
