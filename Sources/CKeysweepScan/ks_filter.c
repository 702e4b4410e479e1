#include "ks_scan.h"
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

void ks_trigram_filter_build(const uint32_t *trigrams, size_t count, ks_trigram_filter *f) {
    memset(f, 0, sizeof *f);
    uint64_t s = 0x9E3779B97F4A7C15ull;  // fixed seed: the same filter on every run
    for (int k = 0; k < KS_FILTERS; k++) {
        for (int j = 0; j < 3; j++) {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            f->matrix[k][j] = s & 0xDFDFDFDFDFDFDFDFull;  // no row reads bit 5: case folds
            for (int b = 0; b < 256; b++) f->image[k][j][b] = ks_affine(f->matrix[k][j], (uint8_t)b);
        }
    }
    for (size_t i = 0; i < count; i++) {
        uint32_t t = trigrams[i] | 0x202020;
        uint8_t group = (uint8_t)(1u << ((t * 0x85EBCA6Bu) >> 29));
        for (int k = 0; k < KS_FILTERS; k++) f->table[k][ks_filter_hash(f, k, t)] |= group;
    }
}

int ks_trigram_filter_pass(const ks_trigram_filter *f, uint32_t t) {
    uint8_t groups = 0xFF;
    for (int k = 0; k < KS_FILTERS; k++) groups &= f->table[k][ks_filter_hash(f, k, t)];
    return groups != 0;
}
