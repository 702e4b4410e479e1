#define _GNU_SOURCE
#include "ks_scan.h"
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

size_t ks_line_start(const uint8_t *p, size_t floor, size_t to) {
    if (to <= floor) return to;
    const uint8_t *nl = memrchr(p + floor, '\n', to - floor);
    return nl ? (size_t)(nl - p) + 1 : floor;
}

int ks_contains(const uint8_t *p, size_t n, const uint8_t *needle, size_t m) {
    return m > 0 && m <= n && memmem(p, n, needle, m) != NULL;
}

// Both counts sixteen bytes at a time with SSE2 (every x86-64 has it), byte by byte elsewhere
// and for the last few.

size_t ks_count_newlines(const uint8_t *p, size_t from, size_t to) {
    size_t count = 0, i = from;
#if defined(__x86_64__)
    const __m128i nl = _mm_set1_epi8('\n');
    for (; i + 16 <= to; i += 16)
        count += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + i)), nl)));
#endif
    for (; i < to; i++) count += p[i] == '\n';
    return count;
}

size_t ks_count_characters(const uint8_t *p, size_t from, size_t to) {
    size_t continuation = 0, i = from;
#if defined(__x86_64__)
    const __m128i top = _mm_set1_epi8((char)0xC0), cont = _mm_set1_epi8((char)0x80);
    for (; i + 16 <= to; i += 16) {
        __m128i x = _mm_and_si128(_mm_loadu_si128((const __m128i *)(p + i)), top);
        continuation += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, cont)));
    }
#endif
    for (; i < to; i++) continuation += (p[i] & 0xC0) == 0x80;
    return to - from - continuation;
}
