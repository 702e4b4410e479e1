// CKeysweepScan: the byte loops of the matcher's hot path, in C so that they can use AVX-512 where
// the CPU has it (chosen once at run time) and a portable scalar loop elsewhere. Both give the
// same results; tests compare them.
#ifndef KS_SCAN_H
#define KS_SCAN_H

#include <stddef.h>
#include <stdint.h>

/// Instruction sets a loop may use. `ks_isa()` is the best this CPU has. A loop without a
/// variant for the level asked for uses the next lower one it has (the prefilter has no AVX2
/// variant: AVX2 gathers were slower than the scalar loop). KS_ISA_AVX512 is AVX-512 F and BW
/// (Skylake-SP and later); KS_ISA_AVX512_VBMI adds VBMI, VBMI2 and GFNI (Ice Lake, Zen 4 and
/// later): the prefilter then hashes 64 positions per step in registers (`ks_trigram_filter`)
/// instead of gathering from the table.
enum { KS_ISA_SCALAR = 0, KS_ISA_AVX512 = 1, KS_ISA_AVX2 = 2, KS_ISA_AVX512_VBMI = 3 };
int ks_isa(void);

/// Independent hashes of a trigram in the filter.
enum { KS_FILTERS = 6 };

/// A Bloom-style filter over a set of trigrams, small enough to sit in vector registers. Hash f
/// of a trigram b0 b1 b2 is the low seven bits of A[f][0]·b0 ^ A[f][1]·b1 ^ A[f][2]·b2 (8-bit
/// affine maps over GF(2), as GFNI's gf2p8affineqb computes them; bit 5 of every byte is ignored,
/// which folds ASCII case as OR-ing 0x20 does). Each trigram belongs to one of eight groups;
/// table[f][h] holds the groups of the trigrams whose hash f is h. A trigram passes when some
/// group is in all KS_FILTERS tables: every trigram of the set passes, and on source text few
/// others do. (Seven bits: a 128-byte table is one vpermi2b, where 256 bytes took two and a
/// blend; six such filters reject as much as five of 256 and cost 6–10% less time.)
/// image[f][j][b] is A[f][j]·b, for the scalar reference (the tail of a blob, after the last
/// 64-byte step), which would otherwise take 24 parities per hash.
typedef struct {
    uint64_t matrix[KS_FILTERS][3];
    uint8_t table[KS_FILTERS][128];
    uint8_t image[KS_FILTERS][3][256];
} ks_trigram_filter;

/// Fills `filter` for `count` trigrams (b0 | b1 << 8 | b2 << 16, case folded or not). `common`
/// (`common_count` of them, most frequent first) are trigrams frequent in text: each hash's
/// matrices are chosen, of KS_FILTER_CANDIDATES drawn, as those that let the least of them
/// through together with the hashes chosen before (a common trigram i weighing 1 / (i + 10), as
/// frequencies of text fall off with rank); the trigrams themselves pass whatever is chosen. The
/// draws are the same on every run, so the filter is too.
void ks_trigram_filter_build(const uint32_t *trigrams, size_t count, const uint32_t *common, size_t common_count,
                             ks_trigram_filter *filter);

/// Matrices drawn per hash when building a filter against common trigrams.
enum { KS_FILTER_CANDIDATES = 256 };

/// Whether a trigram passes the filter: the scalar reference of the vector loop.
int ks_trigram_filter_pass(const ks_trigram_filter *filter, uint32_t trigram);

/// Where encoded text may start (the positions `ks_next_encoded` stops at, taking the whole
/// buffer as its bounds), found along the way by the VBMI prefilter loop so that the encoded-text
/// pass need not read the bytes again: bit j % 64 of words[j / 64] is set when an escape or a
/// 16-byte base64 window with a strong character starts at j, and the same bit of alpha[j / 64]
/// when byte j is in the base64 alphabet (A-Z a-z 0-9 + / - _), of strong[j / 64] when it is a
/// strong one (A-Z 0-9 + /), of lead[j / 64] when it may stand before or after a base64 token
/// (`KS_BASE64_DELIMITERS`) and byte j + 1 may begin the base64 of text (C D I-Z a-f w-z 0-9:
/// the first decoded byte is then printable, a tab, CR, LF or a UTF-8 lead byte), and bit 63 of
/// start_lead when byte 0 may begin it. A window start is left out of `words` when its run of
/// alphabet bytes does not start at the buffer's start or after a delimiter, or starts with a
/// byte that cannot begin the base64 of text: no token that decodes to text can start there.
/// Bits below `done` are final; once the loop has read to the end, done >= n and every bit is
/// (those past n clear). The caller starts with done = 0 and room for n / 64 + 2 words in each,
/// and reads the bytes from the start (a call from beyond `done` leaves the map as it is, as
/// other loops do).
typedef struct {
    uint64_t *words;
    uint64_t *alpha;
    uint64_t *strong;
    uint64_t *lead;
    uint64_t start_lead;
    size_t done;
} ks_encoded_map;

/// Trigram prefilter. Writes to `out` (at most `cap` entries, cap >= 16) the offsets i in
/// [from, n - 2) whose ASCII-case-folded trigram (each byte OR 0x20) hashes to a set bit of the
/// 2^18-bit table `bits` (bit h of the table is bit h % 64 of bits[h / 64]; the hash is
/// ((b0 | b1 << 8 | b2 << 16 | 0x202020) * 0x9E3779B1 mod 2^32) >> 14), in increasing order.
/// Returns how many; `*next` is where to resume (>= n - 2 when the bytes are done). With
/// KS_ISA_AVX512_VBMI and a `filter` (which must hold every trigram whose hash set a bit the
/// caller cares about), only the offsets whose trigram also passes the filter are written: the
/// others' bits were set by a hash collision, and no keyword can start there. With that loop and
/// a `map`, the encoded-text starts of the bytes read are entered in it as well.
size_t ks_trigram_hits(int isa, const uint8_t *p, size_t n, size_t from, const uint64_t *bits,
                       const ks_trigram_filter *filter, ks_encoded_map *map, size_t *out, size_t cap,
                       size_t *next);

/// One item of a follow pattern (`FollowPattern` in KeysweepRules: a byte class with a greedy
/// quantifier): its set and the bytes that can start it and the rest (256 bits as four words
/// each), its quantifier (max UINT32_MAX: unbounded), whether it and all after it may match
/// nothing, whether only its longest run need be tried, whether it is a trailing lookahead (the
/// next byte in `set`, or the end of the text), and whether it and all after it may match at the
/// end of the text.
typedef struct {
    uint64_t set[4];
    uint64_t first[4];
    uint32_t min;
    uint32_t max;
    uint8_t rest_may_be_empty;
    uint8_t possessive;
    uint8_t at_end;
    uint8_t rest_at_end;
} ks_follow_item;

/// A follow pattern: items[first ..< first + count] of an item array.
typedef struct {
    uint32_t first;
    uint32_t count;
} ks_follow_program;

/// Whether the pattern matches a prefix of p[pos ..< n), backtracking as `FollowPattern.matches`
/// does: after `budget` steps it answers yes (the check may only skip work, never a match).
int ks_follow_matches(const ks_follow_item *items, ks_follow_program program, const uint8_t *p, size_t n,
                      size_t pos, int budget);

/// Whether any of programs[0 ..< count] matches at pos (each with its own budget).
int ks_follow_any(const ks_follow_item *items, const ks_follow_program *programs, size_t count, const uint8_t *p,
                  size_t n, size_t pos, int budget);

/// A keyword's follow patterns relaxed into one automaton over their items, simulated on 64-bit
/// state masks (bit s for item s of the patterns laid end to end): each item's count is read as
/// "none or more" (min 0) or "one or more", so it accepts wherever a pattern matches and maybe
/// elsewhere, and the patterns are tried only where it accepts. `bytes` (256 masks, one per byte
/// value: the items whose set holds it) lies beside it.
typedef struct {
    uint64_t entry;     // items that may take the first byte (those after empty-able ones too)
    uint64_t loop;      // items that may take more than one byte
    uint64_t nullable;  // items that may take none
    uint64_t start;     // first items of their patterns: no state moves into them
    uint64_t final;     // items after which the rest of their pattern may be empty
} ks_follow_nfa;

/// The `final` items the relaxed automaton reaches on prefixes of p[pos ..< n): a pattern can
/// match there only if one of its final items is among them (0: none can; after 256 bytes, or
/// where the bytes end before it stops, all bits: it gives up, and the patterns decide).
uint64_t ks_follow_reach(const ks_follow_nfa *nfa, const uint64_t *bytes, const uint8_t *p, size_t n, size_t pos);

/// One keyword as the comparison step reads it: its index, where in it its indexed trigram
/// starts, its length, its first word in `keyword_words` / `keyword_fold`, and its gate (0 bytes:
/// none): an occurrence is kept only if each of the gate_length bytes right after it is in its
/// set (256 bits as four words, the d-th at gate_sets[4 * (gate_start + d)]), and dropped if the
/// bytes end before them; and then only if one of its follow patterns (follow_programs[
/// follow_start ..< follow_start + follow_count]; none: no check) matches right after it, each
/// tried only where their relaxed automaton follow_nfas[follow_nfa] (-1: none) reaches one of
/// its final items (follow_finals[follow_start + f] for the f-th; all bits without automaton).
typedef struct {
    int32_t keyword;
    uint32_t anchor;
    uint32_t length;
    uint32_t word;
    uint32_t gate_length;
    uint32_t gate_start;
    uint32_t follow_start;
    uint32_t follow_count;
    int32_t follow_nfa;
} ks_keyword_entry;

/// A slot of the index of trigrams: one indexed trigram (b0 | b1 << 8 | b2 << 16, each byte OR
/// 0x20; 0 marks an empty slot), the keywords indexed under it, entries[first ..< first + count],
/// and a one-byte check that rules out most candidates before any keyword is compared: a keyword
/// of the slot can be kept at a candidate i (where the trigram occurs) only if the byte at
/// i + check_offset lies inside the bytes and in the 256-bit set check_sets[4 * check_set ..< +4]
/// (each keyword's byte there, in both cases for a letter, or its gate's set; all 256 bytes and
/// offset 0 where no byte tells anything).
typedef struct {
    uint32_t trigram;
    uint32_t first;
    uint32_t count;
    int16_t check_offset;
    uint16_t check_set;
} ks_trigram_slot;

/// The keyword side of the prefilter: the 2^18-bit trigram table `bits`, the indexed trigrams as
/// a `ks_trigram_filter` (or NULL), and the index: `slot_mask + 1` slots (a power of two), a
/// trigram t looked up from slot (((t * 0x9E3779B1) mod 2^32) >> 14) & slot_mask onwards until it
/// or an empty slot is found (its check byte's sets in `check_sets`; the keywords' follow
/// patterns in `follow_programs`, their items in `follow_items`, steps allowed per attempt
/// `follow_budget`). Each keyword's bytes (ASCII lower case) are little-endian 8-byte
/// words (the last one zero-padded), and beside each word is one with 0x20 in every byte that is
/// a letter (OR-ing it into text folds exactly A-Z to a-z). max_bucket: the most keywords of a slot.
typedef struct {
    const uint64_t *bits;
    const ks_trigram_filter *filter;
    const ks_trigram_slot *slots;
    size_t slot_mask;
    const ks_keyword_entry *entries;
    const uint64_t *keyword_words;
    const uint64_t *keyword_fold;
    const uint64_t *gate_sets;
    const uint64_t *check_sets;
    const ks_follow_program *follow_programs;
    const ks_follow_item *follow_items;
    const ks_follow_nfa *follow_nfas;
    const uint64_t *follow_nfa_bytes;  // 256 per automaton
    const uint64_t *follow_finals;
    int follow_budget;
    size_t max_bucket;
} ks_keyword_table;

/// Every occurrence of every keyword in p[from..<n), ASCII case-insensitively, that passes its
/// gate and follow patterns: `ks_trigram_hits` candidates compared with the keywords of their
/// trigram. Writes keyword, follow-pattern bits and start position (in candidate order) to
/// `keyword_out` / `follows_out` / `position_out`, at most `cap`; returns how many, and
/// `*next` is where to resume (>= n - 2 when the bytes are done). cap >= 16 * max_bucket. `map`
/// (or NULL) is handed to `ks_trigram_hits`.
size_t ks_keyword_occurrences(int isa, const ks_keyword_table *table, const uint8_t *p, size_t n,
                              size_t from, ks_encoded_map *map, int32_t *keyword_out, uint32_t *follows_out,
                              size_t *position_out, size_t cap, size_t *next);

/// Keywords with at most this many follow patterns have each of them tried at every occurrence
/// that passes its gate, and the ones that matched reported (`ks_occurrence.follows`), so that the
/// window step need not try a rule's own list again; with more, the first that matches ends it
/// (and all bits are set).
enum { KS_FOLLOW_MASKED = 32 };

/// Where encoded text may start. Returns the least j in [i, hi) where an escape starts (`%`
/// followed by two hex digits, or a backslash followed by `u` or `x`, the bytes looked at lying
/// before hi), or where a 16-byte window of base64 characters (A-Z a-z 0-9 + / - _) holding an
/// upper-case letter, a digit, `+` or `/` starts (j + 16 <= hi); hi when there is none.
size_t ks_next_encoded(int isa, const uint8_t *base, size_t i, size_t hi);

/// `ks_next_encoded`'s answer, read from `map` (filled for the buffer `base`, whose end hi must not
/// pass) where it is final and by `ks_next_encoded` beyond; where the map answers, the window
/// starts it leaves out (see `ks_encoded_map`) are passed over.
size_t ks_next_encoded_mapped(int isa, const ks_encoded_map *map, const uint8_t *base, size_t i, size_t hi);

/// Limits of the encoded-text walk: shortest base64 token (12 decoded bytes), longest token of
/// any encoding, how far back from an escape its token may start.
enum { KS_BASE64_MIN = 16, KS_TOKEN_MAX = 64 << 10, KS_ESCAPE_LOOK_BACK = 4096 };
enum { KS_ENCODED_BASE64 = 0, KS_ENCODED_PERCENT = 1, KS_ENCODED_ESCAPE = 2 };

/// A candidate token of encoded text, p[start ..< end], and how it may be encoded.
typedef struct {
    size_t start;
    size_t end;
    uint32_t encoding;
} ks_encoded_token;

/// The candidate tokens of encoded text in p[lo ..< hi], in order, not overlapping: from each
/// place `ks_next_encoded_mapped` stops at, the base64 run around it (at least KS_BASE64_MIN
/// alphabet bytes, up to two `=`, a delimiter or the region's edge on both sides, not followed
/// by an escape, decoding to text: see `Decoders.isText`), or the string around a valid escape
/// (from the delimiter before it, not before the end of the previous token, to the delimiter
/// after it). Writes at most `cap` (>= 2);
/// `*at` and `*floor_at` (both lo at first) carry the walk from call to call; done when *at >= hi.
size_t ks_encoded_tokens(int isa, const ks_encoded_map *map, const uint8_t *p, size_t lo, size_t hi,
                         size_t *at, size_t *floor_at, ks_encoded_token *out, size_t cap);

/// A keyword occurrence as the prefilter reports it: the keyword's index, which of its follow
/// patterns matched after it (bit f for the f-th of the keyword's list, when the list has at most
/// KS_FOLLOW_MASKED patterns; see `ks_keyword_occurrences`) and where it starts.
typedef struct {
    int32_t keyword;
    uint32_t follows;
    long position;
} ks_occurrence;

/// A byte window p[lo ..< hi) that rule `rule`'s regex is run over.
typedef struct {
    long lo;
    long hi;
    int32_t rule;
} ks_window;

/// How keyword occurrences become regex windows (`CompiledRuleSet`'s tables; per keyword k:
/// its rules rule_list[rule_start[k] ..< rule_start[k + 1]], whether it is shorter than a trigram
/// and so found only as a whole-blob window, its length; per rule: its follow set (-1: none), its keyword anchor
/// (-1: none; its regex is tried from at most that many bytes before the occurrence), the bytes
/// its match may reach past the occurrence, whether its matches stay on their keyword's line
/// (`lineLocal`); per follow set f: its patterns
/// set_programs[set_start[f] ..< set_start[f + 1]] over `items`; the look-back of line windows).
/// A keyword with `keyword_masked` set had its follow patterns tried by the prefilter one by one
/// (`ks_occurrence.follows`): its rule rule_list[i] then has a window where the occurrence's bits
/// meet rule_follow_mask[i] (the bits of the rule's own patterns in the keyword's list), and no
/// pattern is tried again; for another keyword, each rule's list is tried at each occurrence (once
/// per list).
typedef struct {
    const int32_t *rule_start;
    const int32_t *rule_list;
    const uint8_t *keyword_short;
    const int32_t *keyword_length;
    const int32_t *rule_follow;
    const int32_t *rule_anchor;
    const int32_t *rule_reach;
    const uint8_t *rule_line;
    const uint8_t *keyword_masked;
    const uint32_t *rule_follow_mask;
    const uint32_t *set_start;
    const ks_follow_program *set_programs;
    const ks_follow_item *items;
    int follow_budget;
    long look_back;
} ks_window_plan;

/// The windows of occurrences occ[0 ..< count] in p[0 ..< n): for each occurrence and each of its
/// keyword's rules whose follow set (if any) matches after it, the line-bounded window around it
/// (from the start of the line `look_back` bytes before to the end of the line `reach` bytes on,
/// at most 4 KiB further either way; for a line-local rule, only the part of it on the
/// occurrence's own line), the anchored start offsets, or the whole bytes (a short
/// keyword, or `complete` false: not every occurrence was recorded). Each rule's window is merged
/// with its pending one (pending_lo[r] < 0: none) while they overlap or touch; a pending window
/// that cannot grow is written to `out` (room for one per occurrence and rule), and a rule that
/// gets its first pending window is appended to touched[*touched_count]. Returns how many were written.
size_t ks_plan_windows(const ks_window_plan *plan, const uint8_t *p, long n, int complete,
                       const ks_occurrence *occ, size_t count, long *pending_lo, long *pending_hi,
                       int32_t *touched, size_t *touched_count, ks_window *out);

/// Orders windows w[0 ..< count] by their rule's place in touched[0 ..< groups] (every rule of a
/// window is there, once), and within a rule by start, merging those that overlap or touch;
/// writes them to `out`, returns how many. group_of has a slot per rule; group_end holds groups + 1.
size_t ks_order_windows(const ks_window *w, size_t count, const int32_t *touched, size_t groups,
                        int32_t *group_of, size_t *group_end, ks_window *out);

/// The offset just past the last newline in p[floor..<to), or floor when there is none (the
/// start of the line holding `to`, looking back no further than `floor`).
size_t ks_line_start(const uint8_t *p, size_t floor, size_t to);

/// Whether p[0 ..< n) holds needle[0 ..< m) (m > 0), byte for byte.
int ks_contains(const uint8_t *p, size_t n, const uint8_t *needle, size_t m);

/// How many newlines p[from..<to) holds.
size_t ks_count_newlines(const uint8_t *p, size_t from, size_t to);

/// How many UTF-8 characters p[from..<to) holds: its bytes that are not continuation bytes
/// (10xxxxxx), as columns are counted.
size_t ks_count_characters(const uint8_t *p, size_t from, size_t to);

#endif
