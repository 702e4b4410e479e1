#define _GNU_SOURCE
#include "ks_scan.h"
#include <string.h>

size_t ks_line_start(const uint8_t *p, size_t floor, size_t to) {
    if (to <= floor) return to;
    const uint8_t *nl = memrchr(p + floor, '\n', to - floor);
    return nl ? (size_t)(nl - p) + 1 : floor;
}
