/* Valgrind client requests for the pqkit constant-time harness.
 *
 * The requests are macros in valgrind's headers (a magic instruction
 * sequence that is a no-op outside valgrind), so they need a C compiler; this
 * file turns each one the harness uses into a function.
 *
 * Why a shim and not a crate: `crabgrind` (the maintained one) generates its
 * bindings with bindgen at build time, which needs libclang, a large install
 * this project has no other use for; `valgrind_request` needs a nightly
 * compiler (`#![feature(asm)]`) and has no memcheck requests. */
#include <stddef.h>

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#define PQKIT_CT_HAVE_VALGRIND 1
#include <valgrind/memcheck.h>
#endif
#endif

/* 1 when the headers were found at build time. */
int pqkit_ct_built_with_valgrind(void) {
#ifdef PQKIT_CT_HAVE_VALGRIND
    return 1;
#else
    return 0;
#endif
}

/* Nonzero when running under valgrind. */
unsigned pqkit_ct_running_on_valgrind(void) {
#ifdef PQKIT_CT_HAVE_VALGRIND
    return RUNNING_ON_VALGRIND;
#else
    return 0;
#endif
}

/* Marks `len` bytes at `p` as undefined: memcheck then reports every branch
 * and every memory address that depends on them. */
void pqkit_ct_secret(const void *p, size_t len) {
#ifdef PQKIT_CT_HAVE_VALGRIND
    (void)VALGRIND_MAKE_MEM_UNDEFINED(p, len);
#else
    (void)p;
    (void)len;
#endif
}

/* Marks `len` bytes at `p` as defined again (declassification). */
void pqkit_ct_public(const void *p, size_t len) {
#ifdef PQKIT_CT_HAVE_VALGRIND
    (void)VALGRIND_MAKE_MEM_DEFINED(p, len);
#else
    (void)p;
    (void)len;
#endif
}

/* The number of errors valgrind has reported so far. */
unsigned long pqkit_ct_error_count(void) {
#ifdef PQKIT_CT_HAVE_VALGRIND
    return VALGRIND_COUNT_ERRORS;
#else
    return 0;
#endif
}
