#include "ks_scan.h"
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

// The per-occurrence step of `CompiledRuleSet.scanPlain`: keyword occurrences to regex windows.

// Lines are mostly short: the 64 bytes next to a window's edge are looked at inline (SSE2, which
// every x86-64 has) before a library call for the rest.
static inline long window_start(const uint8_t *p, long position, long look_back) {
    long lo = position - look_back < 0 ? 0 : position - look_back;
    long floor = lo - 4096 < 0 ? 0 : lo - 4096;
    if (lo <= floor) return lo;
#if defined(__x86_64__)
    for (int step = 0; step < 4 && lo - floor >= 16; step++) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + lo - 16)), _mm_set1_epi8('\n')));
        if (m) return lo - 16 + (31 - __builtin_clz(m)) + 1;
        lo -= 16;
    }
#endif
    return (long)ks_line_start(p, (size_t)floor, (size_t)lo);
}

static inline long window_end(const uint8_t *p, long n, long position, long reach) {
    long hi = position + reach > n ? n : position + reach;
    long ceiling = hi + 4096 > n ? n : hi + 4096;
    if (hi >= ceiling) return hi;
#if defined(__x86_64__)
    for (int step = 0; step < 4 && ceiling - hi >= 16; step++) {
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + hi)), _mm_set1_epi8('\n')));
        if (m) return hi + __builtin_ctz(m);
        hi += 16;
    }
#endif
    const uint8_t *newline = memchr(p + hi, '\n', (size_t)(ceiling - hi));
    return newline ? (long)(newline - p) : ceiling;
}

static int follows(const ks_window_plan *plan, const uint8_t *p, long n, int32_t set, long end) {
    uint32_t first = plan->set_start[set];
    return ks_follow_any(plan->items, plan->set_programs + first, plan->set_start[set + 1] - first, p, (size_t)n,
                         (size_t)end, plan->follow_budget);
}

size_t ks_plan_windows(const ks_window_plan *plan, const uint8_t *p, long n, int complete,
                       const ks_occurrence *occ, size_t count, long *pending_lo, long *pending_hi,
                       int32_t *touched, size_t *touched_count, ks_window *out) {
    size_t written = 0, t = *touched_count;
    for (size_t j = 0; j < count; j++) {
        int32_t k = occ[j].keyword;
        long position = occ[j].position;
        // The bytes at a later occurrence's window edges (the two reaches: 1 and 16 KiB), asked
        // for early: in a blob larger than the caches the prefilter read them long ago.
        if (j + 8 < count) {
            long ahead = occ[j + 8].position;
            if (ahead - plan->look_back - 16 >= 0) __builtin_prefetch(p + ahead - plan->look_back - 16);
            if (ahead + 1024 < n) __builtin_prefetch(p + ahead + 1024);
            if (ahead + 16384 < n) __builtin_prefetch(p + ahead + 16384);
        }
        int whole = !complete || plan->keyword_short[k];
        // The line start, the two last line ends by reach, and the occurrence's own line (for
        // line-local rules), found once for all the rules.
        long start = -1, reach1 = -1, end1 = 0, reach2 = -1, end2 = 0, line_lo = -1, line_hi = 0;
        int32_t checked = -1;
        int verdict = 0, masked = plan->keyword_masked[k];
        for (int32_t i = plan->rule_start[k]; i < plan->rule_start[k + 1]; i++) {
            int32_t r = plan->rule_list[i];
            int32_t f = plan->rule_follow[r];
            if (!whole && f >= 0) {
                if (masked) {
                    if (!(occ[j].follows & plan->rule_follow_mask[i])) continue;
                } else {
                    if (checked != f) {
                        verdict = follows(plan, p, n, f, position + plan->keyword_length[k]);
                        checked = f;
                    }
                    if (!verdict) continue;
                }
            }
            long lo, hi;
            if (whole) {
                lo = 0;
                hi = n;
            } else if (plan->rule_anchor[r] >= 0) {
                lo = position - plan->rule_anchor[r] < 0 ? 0 : position - plan->rule_anchor[r];
                hi = position + 1;  // start offsets
            } else {
                if (start < 0) start = window_start(p, position, plan->look_back);
                lo = start;
                long reach = plan->rule_reach[r];
                if (reach == reach1) hi = end1;
                else if (reach == reach2) hi = end2;
                else {
                    hi = window_end(p, n, position, reach);
                    reach2 = reach1, end2 = end1, reach1 = reach, end1 = hi;
                }
                if (plan->rule_line[r]) {
                    if (line_lo < 0) {
                        line_lo = (long)ks_line_start(p, (size_t)start, (size_t)position);
                        line_hi = window_end(p, n, position, 0);
                    }
                    if (line_lo > lo) lo = line_lo;
                    if (line_hi < hi) hi = line_hi;
                }
            }
            if (pending_lo[r] < 0) {
                pending_lo[r] = lo, pending_hi[r] = hi;
                touched[t++] = r;
            } else if (pending_hi[r] >= lo) {
                if (lo < pending_lo[r]) pending_lo[r] = lo;
                if (hi > pending_hi[r]) pending_hi[r] = hi;
            } else {
                out[written++] = (ks_window){pending_lo[r], pending_hi[r], r};
                pending_lo[r] = lo, pending_hi[r] = hi;
            }
        }
    }
    *touched_count = t;
    return written;
}

size_t ks_order_windows(const ks_window *w, size_t count, const int32_t *touched, size_t groups,
                        int32_t *group_of, size_t *group_end, ks_window *out) {
    // Counting sort by group (stable), then each group sorted by start (windows come nearly in
    // order: by insertion) and merged.
    for (size_t g = 0; g < groups; g++) group_of[touched[g]] = (int32_t)g;
    memset(group_end, 0, (groups + 1) * sizeof *group_end);
    for (size_t j = 0; j < count; j++) group_end[group_of[w[j].rule] + 1]++;
    for (size_t g = 0; g < groups; g++) group_end[g + 1] += group_end[g];
    for (size_t j = 0; j < count; j++) out[group_end[group_of[w[j].rule]]++] = w[j];
    // group_end[g] is now where group g ends.
    size_t kept = 0, begin = 0;
    for (size_t g = 0; g < groups; g++) {
        size_t end = group_end[g];
        for (size_t a = begin + 1; a < end; a++) {
            ks_window x = out[a];
            size_t b = a;
            while (b > begin && out[b - 1].lo > x.lo) { out[b] = out[b - 1]; b--; }
            out[b] = x;
        }
        size_t first = kept;
        for (size_t a = begin; a < end; a++) {
            if (kept > first && out[kept - 1].hi >= out[a].lo) {
                if (out[a].hi > out[kept - 1].hi) out[kept - 1].hi = out[a].hi;
            } else {
                out[kept++] = out[a];
            }
        }
        begin = end;
    }
    return kept;
}
