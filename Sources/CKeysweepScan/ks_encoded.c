#include "ks_scan.h"
#include "ks_blocks.h"
#include <string.h>
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

// Byte classes for the scalar loop: 1 base64 alphabet, 2 strong, 4 `%` or backslash; 8 a base64
// delimiter and 16 a first byte of the base64 of text (for the VBMI prefilter loop's map).
static uint8_t classes[256];
static int classes_ready;

static void init_classes(void) {
    for (int b = 0; b < 256; b++) {
        uint8_t c = 0;
        if (is_alpha((uint8_t)b)) c |= 1;
        if (is_strong((uint8_t)b)) c |= 2;
        if (b == '%' || b == '\\') c |= 4;
        if (b && strchr(KS_BASE64_DELIMITERS, b)) c |= 8;
        // The sextets 2-3, 8-31 and 48-61: the first decoded byte's top six bits leave it room to
        // be a tab, LF or CR, printable ASCII, or a UTF-8 lead byte (`Decoders.isText`'s text).
        if (b == 'C' || b == 'D' || (b >= 'I' && b <= 'Z') || (b >= 'a' && b <= 'f') || (b >= 'w' && b <= 'z')
            || (b >= '0' && b <= '9')) c |= 16;
        classes[b] = c;
    }
    __atomic_store_n(&classes_ready, 1, __ATOMIC_RELEASE);
}

const uint8_t *ks_encoded_classes(void) {
    if (!__atomic_load_n(&classes_ready, __ATOMIC_ACQUIRE)) init_classes();
    return classes;
}

// The least start >= i of a 16-byte window of alphabet bytes holding a strong byte (hi if none).
// Invariant: no window starting before k qualifies. The byte at k + 15 is looked at first (a
// non-alphabet byte there rules out sixteen starts at once), then backwards to k; only a run of
// sixteen is walked forwards, to its first strong byte.
static size_t next_window(const uint8_t *base, size_t k, size_t hi) {
    while (k + 16 <= hi) {
        size_t p = k + 15;
        if (!(classes[base[p]] & 1)) { k = p + 1; continue; }
        size_t q = p;
        while (q > k && (classes[base[q - 1]] & 1)) q--;
        if (q > k) { k = q; continue; }
        // k ... k + 15 are alphabet bytes: find the run's first strong byte.
        size_t s = k;
        while (s < hi && (classes[base[s]] & 3) == 1) s++;
        if (s < hi && (classes[base[s]] & 2)) return s >= k + 15 ? s - 15 : k;
        k = s + 1;  // the run ended (or the bytes did) without a strong byte
    }
    return hi;
}

// The least valid escape start in [i, limit) (its digits may lie up to hi); limit if none.
static size_t next_escape(const uint8_t *base, size_t i, size_t limit, size_t hi) {
    size_t best = limit;
    const uint8_t marks[2] = { '%', '\\' };
    for (int m = 0; m < 2; m++) {
        size_t from = i;
        while (from < best) {
            const uint8_t *q = memchr(base + from, marks[m], best - from);
            if (!q) break;
            size_t at = (size_t)(q - base);
            if (escape_start(base, at, hi)) { best = at; break; }
            from = at + 1;
        }
    }
    return best;
}

static size_t next_scalar(const uint8_t *base, size_t i, size_t hi) {
    if (!__atomic_load_n(&classes_ready, __ATOMIC_ACQUIRE)) init_classes();
    size_t window = next_window(base, i, hi);
    return next_escape(base, i, window, hi);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// Sixty-four bytes per load, 48 owned per step (windows and escapes starting in the first 48
// bytes; a 16-byte window starting there ends inside the load). `ks_starts` takes the lane bit
// masks of alphabet, strong and `%`/backslash bytes; shifts and ANDs find 16-byte alphabet
// windows, shifts and ORs whether a strong byte lies in each; escapes are checked only where a
// mark is.
__attribute__((target("avx512f,avx512bw")))
static inline uint64_t ks_starts(const uint8_t *q, uint64_t alpha, uint64_t strong, uint64_t marks) {
    const uint64_t owned = (1ull << 48) - 1;
    uint64_t a2 = alpha & (alpha >> 1), a4 = a2 & (a2 >> 2), a8 = a4 & (a4 >> 4), a16 = a8 & (a8 >> 8);
    uint64_t found = 0;
    if (a16 & owned) {  // most steps hold no 16-byte run: the strong bytes are looked at only then
        uint64_t s2 = strong | (strong >> 1), s4 = s2 | (s2 >> 2), s8 = s4 | (s4 >> 4), s16 = s8 | (s8 >> 8);
        found = a16 & s16;
    }
    if (marks & owned) {
        found |= ks_escape_starts(_mm512_loadu_si512((const void *)q), _mm512_loadu_si512((const void *)(q + 1)),
                                  _mm512_loadu_si512((const void *)(q + 2)));
    }
    return found & owned;
}

// Classes by lane compares.
__attribute__((target("avx512f,avx512bw")))
static size_t next_avx512(const uint8_t *base, size_t p, size_t hi) {
    const __m512i x20 = _mm512_set1_epi8(0x20), a = _mm512_set1_epi8('a'), upperA = _mm512_set1_epi8('A');
    const __m512i zero = _mm512_set1_epi8('0'), c25 = _mm512_set1_epi8(25), c9 = _mm512_set1_epi8(9);
    const __m512i plus = _mm512_set1_epi8('+'), slash = _mm512_set1_epi8('/'), dash = _mm512_set1_epi8('-');
    const __m512i under = _mm512_set1_epi8('_'), pct = _mm512_set1_epi8('%'), bsl = _mm512_set1_epi8('\\');
    while (p + 66 <= hi) {
        __m512i v = _mm512_loadu_si512((const void *)(base + p));
        __mmask64 letter = _mm512_cmple_epu8_mask(_mm512_sub_epi8(_mm512_or_si512(v, x20), a), c25);
        __mmask64 upper = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, upperA), c25);
        __mmask64 digit = _mm512_cmple_epu8_mask(_mm512_sub_epi8(v, zero), c9);
        __mmask64 ps = _mm512_cmpeq_epi8_mask(v, plus) | _mm512_cmpeq_epi8_mask(v, slash);
        __mmask64 du = _mm512_cmpeq_epi8_mask(v, dash) | _mm512_cmpeq_epi8_mask(v, under);
        __mmask64 marks = _mm512_cmpeq_epi8_mask(v, pct) | _mm512_cmpeq_epi8_mask(v, bsl);
        uint64_t found = ks_starts(base + p, (uint64_t)(letter | digit | ps | du), (uint64_t)(upper | digit | ps), (uint64_t)marks);
        if (found) return p + (size_t)__builtin_ctzll(found);
        p += 48;
    }
    return next_scalar(base, p, hi);
}

// Classes by one 128-entry table lookup (vpermi2b; bytes >= 0x80 are in no class).
__attribute__((target("avx512f,avx512bw,avx512vbmi")))
static size_t next_vbmi(const uint8_t *base, size_t p, size_t hi) {
    const uint8_t *classes = ks_encoded_classes();
    const __m512i t0 = _mm512_loadu_si512((const void *)classes), t1 = _mm512_loadu_si512((const void *)(classes + 64));
    const __m512i one = _mm512_set1_epi8(1), two = _mm512_set1_epi8(2), four = _mm512_set1_epi8(4);
    while (p + 66 <= hi) {
        __m512i v = _mm512_loadu_si512((const void *)(base + p));
        __mmask64 ascii = ~_mm512_movepi8_mask(v);
        __m512i c = _mm512_permutex2var_epi8(t0, v, t1);
        uint64_t found = ks_starts(base + p, (uint64_t)_mm512_mask_test_epi8_mask(ascii, c, one),
                                   (uint64_t)_mm512_mask_test_epi8_mask(ascii, c, two),
                                   (uint64_t)_mm512_mask_test_epi8_mask(ascii, c, four));
        if (found) return p + (size_t)__builtin_ctzll(found);
        p += 48;
    }
    return next_scalar(base, p, hi);
}

// Thirty-two bytes per load, 16 owned per step: the AVX-512 loop's method on 32-bit masks.
__attribute__((target("avx2")))
static size_t next_avx2(const uint8_t *base, size_t p, size_t hi) {
    const __m256i x20 = _mm256_set1_epi8(0x20), a = _mm256_set1_epi8('a'), upperA = _mm256_set1_epi8('A');
    const __m256i zero = _mm256_set1_epi8('0'), c25 = _mm256_set1_epi8(25), c9 = _mm256_set1_epi8(9);
    const __m256i c5 = _mm256_set1_epi8(5);
    const __m256i plus = _mm256_set1_epi8('+'), slash = _mm256_set1_epi8('/'), dash = _mm256_set1_epi8('-');
    const __m256i under = _mm256_set1_epi8('_'), pct = _mm256_set1_epi8('%'), bsl = _mm256_set1_epi8('\\');
    const __m256i u = _mm256_set1_epi8('u'), x = _mm256_set1_epi8('x');
    const uint32_t owned = 0xFFFFu;
#define KS_LE(t, k) _mm256_cmpeq_epi8(_mm256_min_epu8((t), (k)), (t))
    while (p + 34 <= hi) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(base + p));
        __m256i letter = KS_LE(_mm256_sub_epi8(_mm256_or_si256(v, x20), a), c25);
        __m256i upper = KS_LE(_mm256_sub_epi8(v, upperA), c25);
        __m256i digit = KS_LE(_mm256_sub_epi8(v, zero), c9);
        __m256i ps = _mm256_or_si256(_mm256_cmpeq_epi8(v, plus), _mm256_cmpeq_epi8(v, slash));
        __m256i du = _mm256_or_si256(_mm256_cmpeq_epi8(v, dash), _mm256_cmpeq_epi8(v, under));
        __m256i pc = _mm256_cmpeq_epi8(v, pct), bs = _mm256_cmpeq_epi8(v, bsl);
        uint32_t alpha = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(letter, digit), _mm256_or_si256(ps, du)));
        uint32_t strong = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(upper, digit), ps));
        uint32_t marks = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(pc, bs));
        uint32_t a2 = alpha & (alpha >> 1), a4 = a2 & (a2 >> 2), a8 = a4 & (a4 >> 4), a16 = a8 & (a8 >> 8);
        uint32_t s2 = strong | (strong >> 1), s4 = s2 | (s2 >> 2), s8 = s4 | (s4 >> 4), s16 = s8 | (s8 >> 8);
        uint32_t found = a16 & s16;
        if (marks & owned) {
            __m256i v1 = _mm256_loadu_si256((const __m256i *)(base + p + 1));
            __m256i v2 = _mm256_loadu_si256((const __m256i *)(base + p + 2));
            __m256i hex1 = _mm256_or_si256(KS_LE(_mm256_sub_epi8(v1, zero), c9), KS_LE(_mm256_sub_epi8(_mm256_or_si256(v1, x20), a), c5));
            __m256i hex2 = _mm256_or_si256(KS_LE(_mm256_sub_epi8(v2, zero), c9), KS_LE(_mm256_sub_epi8(_mm256_or_si256(v2, x20), a), c5));
            __m256i ux = _mm256_or_si256(_mm256_cmpeq_epi8(v1, u), _mm256_cmpeq_epi8(v1, x));
            __m256i esc = _mm256_or_si256(_mm256_and_si256(pc, _mm256_and_si256(hex1, hex2)), _mm256_and_si256(bs, ux));
            found |= (uint32_t)_mm256_movemask_epi8(esc);
        }
        found &= owned;
        if (found) return p + (size_t)__builtin_ctz(found);
        p += 16;
    }
#undef KS_LE
    return next_scalar(base, p, hi);
}
#endif

size_t ks_next_encoded(int isa, const uint8_t *base, size_t i, size_t hi) {
    if (i >= hi) return hi;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (isa == KS_ISA_AVX512_VBMI) return next_vbmi(base, i, hi);
    if (isa == KS_ISA_AVX512) return next_avx512(base, i, hi);
    if (isa == KS_ISA_AVX2) return next_avx2(base, i, hi);
#endif
    (void)isa;
    return next_scalar(base, i, hi);
}

size_t ks_next_encoded_mapped(int isa, const ks_encoded_map *map, const uint8_t *base, size_t i, size_t hi) {
    return ks_next_start(isa, map, base, i, hi);
}
