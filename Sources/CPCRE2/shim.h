// System-library shim for PCRE2 (8-bit code units). Swift calls the *_8 functions directly;
// macros it cannot import are re-exposed as ks_* constants and inline functions.
#ifndef KEYSWEEP_CPCRE2_SHIM_H
#define KEYSWEEP_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static const size_t ks_pcre2_zero_terminated = PCRE2_ZERO_TERMINATED;
#endif
