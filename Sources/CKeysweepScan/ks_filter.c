#include "ks_scan.h"
#include <stdlib.h>
#include <string.h>

// The register-resident trigram filter of the VBMI prefilter loop: its construction and its
// scalar reference (the loop itself is in ks_trigram.c).

// gf2p8affineqb on one byte: bit i of the result is the parity of (byte 7 - i of the matrix) & x.
static uint8_t ks_affine(uint64_t matrix, uint8_t x) {
    uint8_t r = 0;
    for (int i = 0; i < 8; i++) {
        uint8_t row = (uint8_t)(matrix >> (8 * (7 - i)));
        r |= (uint8_t)(__builtin_parity((unsigned)(row & x)) << i);
    }
    return r;
}

// The table index of hash k: the affine maps' XOR, its top bit dropped (vpermi2b reads seven).
static uint8_t ks_filter_hash(const ks_trigram_filter *f, int k, uint32_t t) {
    return (f->image[k][0][(uint8_t)t] ^ f->image[k][1][(uint8_t)(t >> 8)] ^ f->image[k][2][(uint8_t)(t >> 16)]) & 127;
}

// The group bit of a trigram (OR 0x202020): one of eight, by a multiplicative hash.
static uint8_t ks_filter_group(uint32_t t) { return (uint8_t)(1u << ((t * 0x85EBCA6Bu) >> 29)); }

static int ks_contains_trigram(const uint32_t *sorted, size_t count, uint32_t t) {
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo < count && sorted[lo] == t;
}

static int ks_compare_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

void ks_trigram_filter_build(const uint32_t *trigrams, size_t count, const uint32_t *common, size_t common_count,
                             ks_trigram_filter *f) {
    memset(f, 0, sizeof *f);
    // The common trigrams that are not among the filter's own, and the groups each still passes
    // with the hashes chosen so far.
    uint32_t *own = malloc((count ? count : 1) * sizeof *own);
    uint32_t *rivals = malloc((common_count ? common_count : 1) * sizeof *rivals);
    float *weight = malloc((common_count ? common_count : 1) * sizeof *weight);
    uint8_t *live = malloc(common_count ? common_count : 1);
    for (size_t i = 0; i < count; i++) own[i] = trigrams[i] | 0x202020;
    qsort(own, count, sizeof *own, ks_compare_u32);
    size_t n = 0;
    for (size_t i = 0; i < common_count; i++) {
        uint32_t t = common[i] | 0x202020;
        if (ks_contains_trigram(own, count, t)) continue;
        rivals[n] = t, weight[n] = 1.0f / (float)(i + 10), live[n] = 0xFF, n++;
    }
    // Hash by hash, the best of the candidates drawn (the first when there is nothing to weigh).
    uint64_t s = 0x9E3779B97F4A7C15ull;  // fixed seed: the same filter on every run
    ks_trigram_filter *draw = malloc(sizeof *draw);
    for (int k = 0; k < KS_FILTERS; k++) {
        int candidates = n ? KS_FILTER_CANDIDATES : 1;
        float best = 0;
        for (int c = 0; c < candidates; c++) {
            for (int j = 0; j < 3; j++) {
                s ^= s << 13; s ^= s >> 7; s ^= s << 17;
                draw->matrix[k][j] = s & 0xDFDFDFDFDFDFDFDFull;  // no row reads bit 5: case folds
                // Each byte's image by linearity: its lowest set bit's column XOR the rest's image.
                uint8_t column[8];
                for (int b = 0; b < 8; b++) column[b] = ks_affine(draw->matrix[k][j], (uint8_t)(1u << b));
                draw->image[k][j][0] = 0;
                for (int b = 1; b < 256; b++)
                    draw->image[k][j][b] = draw->image[k][j][b & (b - 1)] ^ column[__builtin_ctz((unsigned)b)];
            }
            memset(draw->table[k], 0, sizeof draw->table[k]);
            for (size_t i = 0; i < count; i++) draw->table[k][ks_filter_hash(draw, k, own[i])] |= ks_filter_group(own[i]);
            // Heaviest first, so a draw that cannot win is found out early (the answer is the same).
            float score = 0;
            for (size_t i = 0; i < n; i++) {
                if (live[i] & draw->table[k][ks_filter_hash(draw, k, rivals[i])]) score += weight[i];
                if (c && (i & 63) == 63 && score >= best) break;
            }
            if (c == 0 || score < best) {
                best = score;
                memcpy(f->matrix[k], draw->matrix[k], sizeof f->matrix[k]);
                memcpy(f->image[k], draw->image[k], sizeof f->image[k]);
                memcpy(f->table[k], draw->table[k], sizeof f->table[k]);
            }
        }
        // Those the hashes so far stop weigh nothing any more.
        size_t kept = 0;
        for (size_t i = 0; i < n; i++) {
            uint8_t groups = live[i] & f->table[k][ks_filter_hash(f, k, rivals[i])];
            if (groups) rivals[kept] = rivals[i], weight[kept] = weight[i], live[kept] = groups, kept++;
        }
        n = kept;
    }
    free(draw);
    free(own);
    free(rivals);
    free(weight);
    free(live);
}

int ks_trigram_filter_pass(const ks_trigram_filter *f, uint32_t t) {
    uint8_t groups = 0xFF;
    for (int k = 0; k < KS_FILTERS; k++) groups &= f->table[k][ks_filter_hash(f, k, t)];
    return groups != 0;
}
