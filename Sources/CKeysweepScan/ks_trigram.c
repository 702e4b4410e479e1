#include "ks_scan.h"
#include "ks_blocks.h"
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

static inline uint32_t ks_hash(uint32_t t) { return (t * 0x9E3779B1u) >> 14; }
static inline uint32_t ks_bit(const uint64_t *bits, uint32_t h) { return (uint32_t)(bits[h >> 6] >> (h & 63)) & 1; }
// The trigram at p[i], each byte OR 0x20 (ASCII case folded).
static inline uint32_t ks_trigram_at(const uint8_t *p, size_t i) {
    return ((uint32_t)p[i] | (uint32_t)p[i + 1] << 8 | (uint32_t)p[i + 2] << 16) | 0x202020;
}

// Six positions per 8-byte load, hashed independently, tested with one branch.
static size_t trigram_scalar(const uint8_t *p, size_t n, size_t i, const uint64_t *bits,
                             size_t *out, size_t cap, size_t *next) {
    size_t c = 0;
    while (i + 8 <= n) {
        if (cap - c < 6) { *next = i; return c; }
        uint64_t w;
        memcpy(&w, p + i, 8);
        w |= 0x2020202020202020ull;
        uint32_t h0 = ks_hash((uint32_t)w & 0xFFFFFF), h1 = ks_hash((uint32_t)(w >> 8) & 0xFFFFFF);
        uint32_t h2 = ks_hash((uint32_t)(w >> 16) & 0xFFFFFF), h3 = ks_hash((uint32_t)(w >> 24) & 0xFFFFFF);
        uint32_t h4 = ks_hash((uint32_t)(w >> 32) & 0xFFFFFF), h5 = ks_hash((uint32_t)(w >> 40) & 0xFFFFFF);
        uint32_t b0 = ks_bit(bits, h0), b1 = ks_bit(bits, h1), b2 = ks_bit(bits, h2);
        uint32_t b3 = ks_bit(bits, h3), b4 = ks_bit(bits, h4), b5 = ks_bit(bits, h5);
        if (b0 | b1 | b2 | b3 | b4 | b5) {
            if (b0) out[c++] = i;
            if (b1) out[c++] = i + 1;
            if (b2) out[c++] = i + 2;
            if (b3) out[c++] = i + 3;
            if (b4) out[c++] = i + 4;
            if (b5) out[c++] = i + 5;
        }
        i += 6;
    }
    while (i + 2 < n) {
        if (c == cap) { *next = i; return c; }
        if (ks_bit(bits, ks_hash(ks_trigram_at(p, i)))) out[c++] = i;
        i++;
    }
    *next = i;
    return c;
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// Sixteen positions per step: four overlapping 16-byte loads, a shuffle that puts each position's
// trigram in a 32-bit lane, the hash in 32-bit lanes, one gather of the table words.
__attribute__((target("avx512f,avx512bw")))
static size_t trigram_avx512(const uint8_t *p, size_t n, size_t i, const uint64_t *bits,
                             size_t *out, size_t cap, size_t *next) {
    const __m512i shuffle = _mm512_broadcast_i32x4(_mm_setr_epi8(0, 1, 2, -1, 1, 2, 3, -1, 2, 3, 4, -1, 3, 4, 5, -1));
    const __m512i fold = _mm512_set1_epi32(0x202020);
    const __m512i mul = _mm512_set1_epi32((int)0x9E3779B1u);
    const __m512i low5 = _mm512_set1_epi32(31);
    const __m512i one = _mm512_set1_epi32(1);
    const int *words = (const int *)bits;  // little-endian: bit h is bit h % 32 of 32-bit word h / 32
    size_t c = 0;
    while (i + 32 <= n) {
        if (cap - c < 16) { *next = i; return c; }
        __m512i v = _mm512_castsi128_si512(_mm_loadu_si128((const __m128i *)(p + i)));
        v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(p + i + 4)), 1);
        v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(p + i + 8)), 2);
        v = _mm512_inserti32x4(v, _mm_loadu_si128((const __m128i *)(p + i + 12)), 3);
        __m512i t = _mm512_or_si512(_mm512_shuffle_epi8(v, shuffle), fold);
        __m512i h = _mm512_srli_epi32(_mm512_mullo_epi32(t, mul), 14);
        __m512i w = _mm512_i32gather_epi32(_mm512_srli_epi32(h, 5), words, 4);
        __mmask16 m = _mm512_test_epi32_mask(_mm512_srlv_epi32(w, _mm512_and_si512(h, low5)), one);
        while (m) {
            out[c++] = i + (size_t)__builtin_ctz(m);
            m &= (__mmask16)(m - 1);
        }
        i += 16;
    }
    size_t more = trigram_scalar(p, n, i, bits, out + c, cap - c, next);
    return c + more;
}
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
// Keeps, of out[from ..< to], the offsets whose trigram's table bit is set (without a branch per
// offset); returns the new end.
static inline size_t keep_table_hits(const uint8_t *p, const uint64_t *bits, size_t *out, size_t from, size_t to) {
    size_t w = from;
    for (size_t k = from; k < to; k++) {
        size_t j = out[k];
        out[w] = j;
        w += ks_bit(bits, ks_hash(ks_trigram_at(p, j)));
    }
    return w;
}

// Whether the run of alphabet bytes holding bit 0 of word w started in an earlier word, badly
// (see finish_windows): found from the bitmaps, which are final below w.
static inline uint64_t badly_started_run_reaching(const ks_encoded_map *map, size_t w) {
    if (w == 0 || !(map->alpha[w] & 1) || !(map->alpha[w - 1] >> 63)) return 0;
    size_t v = w - 1;
    while (v > 0 && map->alpha[v] == ~0ull) v--;
    if (map->alpha[v] == ~0ull) return !(map->start_lead >> 63);  // the run starts at the buffer's start
    size_t start = (v << 6) + 64 - (size_t)__builtin_clzll(~map->alpha[v]);  // just past its last outside byte
    return !((map->lead[(start - 1) >> 6] >> ((start - 1) & 63)) & 1);
}

// Adds the window starts to the map's words [from, to) (whose escapes the loop wrote), from the
// alphabet and strong bitmaps of those words and of the word after each. Words from the map's
// last classified step on are left as they are: the step after them is not known yet.
//
// A window start is left out when its run does not start after a delimiter (or at the buffer's
// start): no token can start in such a run (`foo.barBazQux…`, `pkg/path/to/Thing`), and the walk
// need not visit it; nor when the run's first byte cannot begin the base64 of text (`getUser…`,
// `/path/…`): its token would not decode to text. The lead bitmap says both at once. In each
// word the runs that start badly are filled with a carry-propagating add (adding 1 at a run's
// lowest bit clears the run and sets the bit above it), eight words at a time; a bad run that
// crosses into the next word (rare: it must reach bit 63) is carried on with mask arithmetic,
// lane after lane.
__attribute__((target("avx512f")))
static void finish_windows(ks_encoded_map *map, size_t from, size_t to) {
    size_t last = map->done >> 6;
    if (to > last) to = last;
    if (from >= to) return;
    unsigned carry = (unsigned)badly_started_run_reaching(map, from);
    uint64_t below_alpha = from ? map->alpha[from - 1] : 0, below_lead = from ? map->lead[from - 1] : map->start_lead;
    const __m512i one = _mm512_set1_epi64(1);
    for (size_t w = from; w < to; w += 8) {
        __mmask8 k = to - w >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (to - w)) - 1);
        __m512i a = _mm512_maskz_loadu_epi64(k, map->alpha + w), d = _mm512_maskz_loadu_epi64(k, map->lead + w);
        __m512i starts = ks_window_starts8(a, _mm512_maskz_loadu_epi64(k, map->alpha + w + 1),
                                           _mm512_maskz_loadu_epi64(k, map->strong + w),
                                           _mm512_maskz_loadu_epi64(k, map->strong + w + 1));
        // Each lane's word before it: the top bits say whether a run crosses in, and whether the
        // byte before a run starting at bit 0 is a delimiter followed by a good first byte.
        __m512i ab = _mm512_srli_epi64(_mm512_alignr_epi64(a, _mm512_set1_epi64((long long)below_alpha), 7), 63);
        __m512i db = _mm512_srli_epi64(_mm512_alignr_epi64(d, _mm512_set1_epi64((long long)below_lead), 7), 63);
        // 0x10: x & ~(y | z). Run starts not led in well.
        __m512i bad = _mm512_ternarylogic_epi64(
            _mm512_ternarylogic_epi64(a, _mm512_slli_epi64(a, 1), ab, 0x10), _mm512_slli_epi64(d, 1), db, 0x10);
        __m512i sum = _mm512_add_epi64(a, bad);
        __m512i fill = _mm512_and_si512(_mm512_xor_si512(sum, a), a);
        // The runs crossing into a lane, carried on where the lane before ends in a bad run.
        unsigned top = (unsigned)_mm512_test_epi64_mask(fill, _mm512_set1_epi64((long long)(1ull << 63)));
        unsigned cross = (unsigned)_mm512_test_epi64_mask(_mm512_and_si512(a, ab), one);
        unsigned full = (unsigned)_mm512_cmpeq_epi64_mask(a, _mm512_set1_epi64(-1));
        unsigned fix = 0;
        if (!(((top << 1) | carry) & cross)) {
            carry = (top >> 7) & 1;  // no run crosses in from a bad one: nothing to carry on
        } else {
            for (unsigned l = 0; l < 8; l++) {
                unsigned in = carry & (cross >> l) & 1;
                fix |= in << l;
                carry = ((top >> l) & 1) | (in & (full >> l) & 1);
            }
        }
        if (fix) {
            // The crossing run of a lane: the bits below its first byte outside the alphabet.
            __m512i outside = _mm512_andnot_si512(a, _mm512_set1_epi64(-1));
            __m512i low = _mm512_sub_epi64(_mm512_and_si512(outside, _mm512_sub_epi64(_mm512_setzero_si512(), outside)), one);
            fill = _mm512_mask_or_epi64(fill, (__mmask8)fix, fill, low);
        }
        _mm512_mask_storeu_epi64(map->words + w, k,
                                 _mm512_ternarylogic_epi64(_mm512_maskz_loadu_epi64(k, map->words + w), starts, fill, 0xF4));  // words | (starts & ~fill)
        below_alpha = map->alpha[w + 7 < to ? w + 7 : to - 1];
        below_lead = map->lead[w + 7 < to ? w + 7 : to - 1];
    }
}

// The low k bits of a 64-bit mask (all of them from 64 on).
static inline uint64_t ks_low_bytes(size_t k) { return k >= 64 ? ~0ull : (1ull << k) - 1; }

// Sixty-four positions per step without touching memory: the six hashes of `ks_trigram_filter`
// (three gf2p8affineqb and a three-way XOR each), six 128-byte tables looked up with one vpermi2b
// each (it reads the low seven bits of each index byte), the groups ANDed. Positions that pass
// are written with one compress (VBMI2) and then checked against the bit table, so that what is
// left is what the scalar loop writes, less the hash collisions the filter rejects. With under
// 64 entries of room left, a step's positions are checked and written one by one, stopping where
// the room ends. The last step (two with a map, when 65 bytes are left) loads with masks.
//
// With a `map`, steps start at multiples of 64 (positions before `from` in the first are not
// reported again) and each also classifies its bytes with one vpermi2b (alphabet, strong, escape
// mark), writing the alphabet and strong bitmaps and the escapes. Window starts need the next
// step's classes and many shifts, which would compete with the hashing for the vector ports, so
// they are added once the loop stops, eight words per step of `finish_windows`: the words
// before the last step classified are then final, which is where the next call begins; once the
// bytes are done, all are.
__attribute__((target("avx512f,avx512bw,avx512vbmi,avx512vbmi2,gfni")))
static size_t trigram_vbmi(const uint8_t *p, size_t n, size_t i, const uint64_t *bits,
                           const ks_trigram_filter *f, ks_encoded_map *map, size_t *out, size_t cap,
                           size_t *next) {
    __m512i matrix[KS_FILTERS][3], table[KS_FILTERS][2];
    for (int k = 0; k < KS_FILTERS; k++) {
        for (int j = 0; j < 3; j++) matrix[k][j] = _mm512_set1_epi64((long long)f->matrix[k][j]);
        for (int j = 0; j < 2; j++) table[k][j] = _mm512_loadu_si512((const void *)(f->table[k] + 64 * j));
    }
    __m512i class0 = _mm512_setzero_si512(), class1 = _mm512_setzero_si512();
    uint64_t skip = 0;
    if (map && (i & ~(size_t)63) > map->done) map = NULL;  // the map is filled from the start, step by step
    size_t first_word = i >> 6;
    const uint8_t *byte_classes = ks_encoded_classes();
    if (map) {
        class0 = _mm512_loadu_si512((const void *)byte_classes);
        class1 = _mm512_loadu_si512((const void *)(byte_classes + 64));
        skip = i & 63;
        i -= skip;
    }
    const __m512i one = _mm512_set1_epi8(1), two = _mm512_set1_epi8(2), four = _mm512_set1_epi8(4);
    const __m512i eight = _mm512_set1_epi8(8), sixteen = _mm512_set1_epi8(16);
    const __m512i iota = _mm512_set_epi8(63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46, 45, 44,
                                         43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24,
                                         23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    size_t unchecked = 0;  // out[unchecked ..< c] passed the filter but are not yet checked against the table
    size_t c = 0;
    // With a map, every byte is classified: the last step may hold no position to hash.
    while (map ? i < n : i + 2 < n) {
        __m512i x0, x1, x2;
        uint64_t valid = ~0ull;  // the step's positions whose trigram lies inside the bytes
        if (__builtin_expect(i + 66 <= n, 1)) {
            _mm_prefetch((const char *)(p + i + 512), _MM_HINT_T0);  // blobs start cold; the prefetcher is slow to follow
            x0 = _mm512_loadu_si512((const void *)(p + i));
            x1 = _mm512_loadu_si512((const void *)(p + i + 1));
            x2 = _mm512_loadu_si512((const void *)(p + i + 2));
        } else {
            // The last one or two steps: masked loads read nothing past the end (those bytes
            // read as 0, in no class), so that short blobs and tails need no byte-by-byte loop.
            size_t left = n - i;
            x0 = _mm512_maskz_loadu_epi8(ks_low_bytes(left), (const void *)(p + i));
            x1 = left > 1 ? _mm512_maskz_loadu_epi8(ks_low_bytes(left - 1), (const void *)(p + i + 1)) : _mm512_setzero_si512();
            x2 = left > 2 ? _mm512_maskz_loadu_epi8(ks_low_bytes(left - 2), (const void *)(p + i + 2)) : _mm512_setzero_si512();
            valid = left > 2 ? ks_low_bytes(left - 2) : 0;
        }
        __m512i groups = _mm512_set1_epi8(-1);
        for (int k = 0; k < KS_FILTERS; k++) {
            __m512i h = _mm512_ternarylogic_epi32(_mm512_gf2p8affine_epi64_epi8(x0, matrix[k][0], 0),
                                                  _mm512_gf2p8affine_epi64_epi8(x1, matrix[k][1], 0),
                                                  _mm512_gf2p8affine_epi64_epi8(x2, matrix[k][2], 0), 0x96);
            groups = _mm512_and_si512(groups, _mm512_permutex2var_epi8(table[k][0], h, table[k][1]));
        }
        uint64_t m = (uint64_t)_mm512_test_epi8_mask(groups, groups) & (~0ull << skip) & valid;
        skip = 0;
        if (map) {
            __m512i classes = _mm512_maskz_permutex2var_epi8(~_mm512_movepi8_mask(x0), class0, x0, class1);
            uint64_t alpha = (uint64_t)_mm512_test_epi8_mask(classes, one);
            uint64_t strong = (uint64_t)_mm512_test_epi8_mask(classes, two);
            uint64_t marks = (uint64_t)_mm512_test_epi8_mask(classes, four);
            map->alpha[i >> 6] = alpha;
            map->strong[i >> 6] = strong;
            // A delimiter before a byte that may begin the base64 of text (the next step's first
            // byte looked up on its own: scalar work, beside the busy vector ports).
            uint64_t text = (uint64_t)_mm512_test_epi8_mask(classes, sixteen);
            uint64_t next_text = i + 64 < n ? (uint64_t)(byte_classes[p[i + 64]] >> 4) & 1 : 0;
            map->lead[i >> 6] = (uint64_t)_mm512_test_epi8_mask(classes, eight) & (text >> 1 | next_text << 63);
            if (i == 0) map->start_lead = (text & 1) << 63;
            map->words[i >> 6] = marks ? ks_escape_starts(x0, x1, x2) & marks : 0;
            if (i > map->done) map->done = i;
        }
        if (cap - c >= 64) {
            // All of the step's candidates at once, without a branch per candidate: their offsets
            // compressed to the front of a register, widened and stored eight at a time.
            __m512i offsets = _mm512_maskz_compress_epi8(m, iota);
            __m512i at = _mm512_set1_epi64((long long)i);
            size_t count = (size_t)__builtin_popcountll(m);
            _mm512_storeu_si512((void *)(out + c), _mm512_add_epi64(_mm512_cvtepu8_epi64(_mm512_castsi512_si128(offsets)), at));
            if (count > 8) {
                uint8_t spill[64];
                _mm512_storeu_si512((void *)spill, offsets);
                for (size_t k = 8; k < count; k += 8)
                    _mm512_storeu_si512((void *)(out + c + k),
                                        _mm512_add_epi64(_mm512_cvtepu8_epi64(_mm_loadl_epi64((const __m128i *)(spill + k))), at));
            }
            c += count;
        } else {
            c = keep_table_hits(p, bits, out, unchecked, c);
            unchecked = c;
            while (m) {
                size_t j = i + (size_t)__builtin_ctzll(m);
                if (ks_bit(bits, ks_hash(ks_trigram_at(p, j)))) {
                    if (c == cap) {
                        if (map) finish_windows(map, first_word, i >> 6);
                        *next = j;
                        return c;
                    }
                    out[c++] = j;
                }
                m &= m - 1;
            }
            unchecked = c;
        }
        i += 64;
    }
    c = keep_table_hits(p, bits, out, unchecked, c);
    if (map) {
        // Every byte is classified: the word after the last step holds nothing (it may hold an
        // earlier buffer's bits), and with it the last step's window starts are final too.
        size_t w = i >> 6;
        map->alpha[w] = map->strong[w] = map->lead[w] = map->words[w] = 0;
        map->done = i;
        finish_windows(map, first_word, w);
    }
    *next = i < n ? i : n;
    return c;
}
#endif

size_t ks_trigram_hits(int isa, const uint8_t *p, size_t n, size_t from, const uint64_t *bits,
                       const ks_trigram_filter *filter, ks_encoded_map *map, size_t *out, size_t cap,
                       size_t *next) {
    if (n < 3 || from + 2 >= n) { *next = n > from ? n : from; return 0; }
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (isa == KS_ISA_AVX512_VBMI && filter) return trigram_vbmi(p, n, from, bits, filter, map, out, cap, next);
    if (isa == KS_ISA_AVX512 || isa == KS_ISA_AVX512_VBMI) return trigram_avx512(p, n, from, bits, out, cap, next);
#endif
    (void)filter;
    (void)map;
    (void)isa;
    return trigram_scalar(p, n, from, bits, out, cap, next);
}

// Whether keyword e occurs at `start`, ASCII case-insensitively: eight bytes per compare where
// the text reaches, byte by byte at the very end of the bytes.
static inline int ks_keyword_at(const ks_keyword_table *t, const ks_keyword_entry *e, const uint8_t *p, size_t n,
                                size_t start) {
    size_t len = e->length;
    if (start + len > n) return 0;
    const uint64_t *w = t->keyword_words + e->word, *f = t->keyword_fold + e->word;
    if (start + ((len + 7) & ~(size_t)7) <= n) {
        size_t m = 0;
        for (; m + 8 <= len; m += 8) {
            uint64_t x;
            memcpy(&x, p + start + m, 8);
            if ((x | f[m / 8]) != w[m / 8]) return 0;
        }
        if (m < len) {
            uint64_t x;
            memcpy(&x, p + start + m, 8);
            if (((x | f[m / 8]) ^ w[m / 8]) & (~0ull >> (8 * (8 - (len - m))))) return 0;
        }
        return 1;
    }
    for (size_t m = 0; m < len; m++) {
        uint8_t b = p[start + m] | (uint8_t)(f[m / 8] >> (8 * (m % 8)));
        if (b != (uint8_t)(w[m / 8] >> (8 * (m % 8)))) return 0;
    }
    return 1;
}

// Whether the bytes from `end` pass keyword e's gate (see ks_keyword_entry).
static inline int ks_gate_pass(const ks_keyword_table *t, const ks_keyword_entry *e, const uint8_t *p, size_t n,
                               size_t end) {
    size_t length = e->gate_length;
    if (length > n - end) return 0;
    const uint64_t *set = t->gate_sets + 4 * (size_t)e->gate_start;
    for (size_t d = 0; d < length; d++, set += 4) {
        uint8_t b = p[end + d];
        if (!((set[b >> 6] >> (b & 63)) & 1)) return 0;
    }
    return 1;
}

// Which of keyword e's follow patterns match from `end` (bit f for its f-th; with more than
// KS_FOLLOW_MASKED, all bits when one does): only those whose final items their relaxed automaton
// reaches are tried. Patterns without a match are tried to the end either way, so trying them
// all costs more only where one matches: the window step then tries none.
static inline uint32_t ks_follow_bits(const ks_keyword_table *t, const ks_keyword_entry *e, const uint8_t *p, size_t n,
                                      size_t end) {
    const ks_follow_program *programs = t->follow_programs + e->follow_start;
    const uint64_t *finals = t->follow_finals + e->follow_start;
    uint64_t reached = ~0ull;
    if (e->follow_nfa >= 0) {
        reached = ks_follow_reach(t->follow_nfas + e->follow_nfa, t->follow_nfa_bytes + 256 * (size_t)e->follow_nfa, p, n, end);
        if (!reached) return 0;
    }
    uint32_t bits = 0;
    for (uint32_t f = 0; f < e->follow_count; f++) {
        if (!(reached & finals[f]) || !ks_follow_matches(t->follow_items, programs[f], p, n, end, t->follow_budget)) continue;
        if (e->follow_count > KS_FOLLOW_MASKED) return ~0u;
        bits |= 1u << f;
    }
    return bits;
}

// Whether candidate i (its trigram's table bit set) may start one of the keywords of its slot,
// by the slot's check byte: if so it is written at cand[kept] and its slot at slot_of[kept] (either
// way those are written: the caller advances by the answer).
static inline size_t check_one(const ks_keyword_table *t, const uint8_t *p, size_t n, size_t i, size_t *cand,
                               uint32_t *slot_of, size_t kept) {
    uint32_t trigram = ks_trigram_at(p, i);
    size_t s = ks_hash(trigram) & t->slot_mask;
    while (t->slots[s].trigram != trigram) {
        if (!t->slots[s].trigram) return 0;  // a hash collision of the bit table
        s = (s + 1) & t->slot_mask;
    }
    size_t q = i + (size_t)(ptrdiff_t)t->slots[s].check_offset;  // below 0: wraps past n
    int inside = q < n;
    uint8_t b = p[inside ? q : i];
    const uint64_t *set = t->check_sets + 4 * (size_t)t->slots[s].check_set;
    cand[kept] = i;
    slot_of[kept] = (uint32_t)s;
    return (size_t)(inside & (int)((set[b >> 6] >> (b & 63)) & 1));
}

// Keeps, of cand[0 ..< found], the candidates that pass check_one (in order, their slots beside
// them); returns how many.
// (An AVX-512 version with gathers, eight candidates at a time, was no faster on Ice Lake.)
static size_t check_candidates(const ks_keyword_table *t, const uint8_t *p, size_t n, size_t *cand,
                               uint32_t *slot_of, size_t found) {
    size_t kept = 0;
    for (size_t j = 0; j < found; j++) kept += check_one(t, p, n, cand[j], cand, slot_of, kept);
    return kept;
}

size_t ks_keyword_occurrences(int isa, const ks_keyword_table *t, const uint8_t *p, size_t n,
                              size_t from, ks_encoded_map *map, int32_t *keyword_out, uint32_t *follows_out,
                              size_t *position_out, size_t cap, size_t *next) {
    size_t candidates[256];
    uint32_t slot_of[256];
    size_t c = 0;
    size_t per = t->max_bucket ? t->max_bucket : 1;
    while (from + 2 < n) {
        size_t room = (cap - c) / per;
        if (room > 256) room = 256;
        if (room < 16) break;
        size_t after = from;
        size_t found = ks_trigram_hits(isa, p, n, from, t->bits, t->filter, map, candidates, room, &after);
        // Each candidate's slot, and its check byte: most candidates are the indexed trigram in
        // a longer word, which the byte tells apart.
        size_t kept = check_candidates(t, p, n, candidates, slot_of, found);
        for (size_t j = 0; j < kept; j++) {
            size_t i = candidates[j];
            const ks_trigram_slot *slot = t->slots + slot_of[j];
            const ks_keyword_entry *e = t->entries + slot->first, *end = e + slot->count;
            for (; e < end; e++) {
                if (i < e->anchor) continue;
                size_t start = i - e->anchor;
                int ok = ks_keyword_at(t, e, p, n, start) && (!e->gate_length || ks_gate_pass(t, e, p, n, start + e->length));
                uint32_t follows = 0;
                if (ok && e->follow_count) ok = (follows = ks_follow_bits(t, e, p, n, start + e->length)) != 0;
                // Written either way (c stays below cap: room counts max_bucket per candidate).
                keyword_out[c] = e->keyword;
                follows_out[c] = follows;
                position_out[c] = start;
                c += (size_t)ok;
            }
        }
        from = after;
    }
    *next = from;
    return c;
}
