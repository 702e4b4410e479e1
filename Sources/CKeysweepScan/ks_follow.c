#include "ks_scan.h"

// The follow-pattern matcher of the comparison step: the C twin of `FollowPattern.match`
// (KeysweepRules), which the tests hold it to.

static inline int in_set(const uint64_t *set, uint8_t b) { return (int)((set[b >> 6] >> (b & 63)) & 1); }

// From item i at byte pos: the item's greedy run, then each shorter one, trying the rest only
// where its first byte can start it. A possessive item (only its longest run can be followed)
// goes on to the next item in the loop; only a backtracking one recurses. Each item entered
// costs a step of the budget, as in `FollowPattern.match`.
static int follow_match(const ks_follow_item *items, size_t count, size_t i, const uint8_t *p, size_t end,
                        size_t pos, int *budget) {
    for (;;) {
        if (--*budget <= 0) return 1;
        const ks_follow_item *item = items + i;
        if (item->at_end) return pos == end || in_set(item->set, p[pos]);
        size_t lo = item->min, room = end - pos;
        size_t limit = item->max == UINT32_MAX || item->max > room ? room : item->max;
        size_t k = 0;
        while (k < limit && in_set(item->set, p[pos + k])) k++;
        if (k < lo) return 0;
        if (i + 1 == count) return 1;
        const ks_follow_item *next = item + 1;
        if (next->rest_may_be_empty) return 1;
        if (item->possessive) {
            size_t q = pos + k;
            if (!(q < end ? in_set(next->first, p[q]) : next->rest_at_end)) return 0;
            i++, pos = q;
            continue;
        }
        for (;;) {
            size_t q = pos + k;
            if ((q < end ? in_set(next->first, p[q]) : next->rest_at_end) && follow_match(items, count, i + 1, p, end, q, budget))
                return 1;
            if (k == lo) return 0;
            k--;
        }
    }
}

int ks_follow_any(const ks_follow_item *items, const ks_follow_program *programs, size_t count, const uint8_t *p,
                  size_t n, size_t pos, int budget) {
    for (size_t f = 0; f < count; f++)
        if (ks_follow_matches(items, programs[f], p, n, pos, budget)) return 1;
    return 0;
}

int ks_follow_matches(const ks_follow_item *items, ks_follow_program program, const uint8_t *p, size_t n,
                      size_t pos, int budget) {
    if (pos > n) return 0;
    return follow_match(items + program.first, program.count, 0, p, n, pos, &budget);
}

uint64_t ks_follow_reach(const ks_follow_nfa *nfa, const uint64_t *bytes, const uint8_t *p, size_t n, size_t pos) {
    uint64_t d = 0, reached = 0;
    for (size_t t = 0; pos + t < n; t++) {
        if (t == 256) return ~0ull;  // long: the patterns decide
        uint64_t c = nfa->entry;
        if (t) {
            // The next items of the live ones, and past those that may be empty.
            uint64_t next = (d << 1) & ~nfa->start;
            for (;;) {
                uint64_t more = next | (((next & nfa->nullable) << 1) & ~nfa->start);
                if (more == next) break;
                next = more;
            }
            c = (d & nfa->loop) | next;
        }
        d = c & bytes[p[pos + t]];
        reached |= d & nfa->final;
        if (!d) return reached;
    }
    return ~0ull;  // the bytes end with items live (a pattern may match there: `(?!…)`)
}
