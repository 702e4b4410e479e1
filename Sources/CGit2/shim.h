// System-library shim for libgit2: the header plus the variadic/macro calls Swift cannot import.
#ifndef KEYSWEEP_CGIT2_SHIM_H
#define KEYSWEEP_CGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/odb_backend.h>

/// Turns libgit2's per-read SHA-1 verification on or off (git_libgit2_opts is variadic).
static inline int ks_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/// Turns libgit2's object-creation validation on or off.
static inline int ks_git_set_strict_object_creation(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, enabled);
}

/// Sets the size of the per-repository cache of decompressed objects.
static inline int ks_git_set_cache_max_size(long long bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
}

/// Enables or disables libgit2's object cache.
static inline int ks_git_enable_caching(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_CACHING, enabled);
}
/// Caps how much of the pack files libgit2 keeps mapped at once (window size and total).
static inline int ks_git_set_mwindow_limits(size_t window, size_t mapped_limit) {
    int rc = git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, window);
    if (rc < 0) return rc;
    return git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, mapped_limit);
}
#endif
