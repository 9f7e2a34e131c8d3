//! Safe wrappers over the client requests of `shim.c`.
//!
//! The requests only change valgrind's record of which bytes are defined;
//! they never read or write the bytes themselves, and outside valgrind they
//! do nothing.

use core::ffi::c_void;

unsafe extern "C" {
    fn pqkit_ct_built_with_valgrind() -> i32;
    fn pqkit_ct_running_on_valgrind() -> u32;
    fn pqkit_ct_secret(p: *const c_void, len: usize);
    fn pqkit_ct_public(p: *const c_void, len: usize);
    fn pqkit_ct_error_count() -> core::ffi::c_ulong;
}

/// Whether the shim was compiled with valgrind's headers.
pub fn built_with_valgrind() -> bool {
    // SAFETY: a C function without arguments that returns a constant.
    unsafe { pqkit_ct_built_with_valgrind() != 0 }
}

/// Whether this process runs under valgrind.
pub fn running() -> bool {
    // SAFETY: RUNNING_ON_VALGRIND takes no arguments and touches no memory.
    unsafe { pqkit_ct_running_on_valgrind() != 0 }
}

/// Marks `bytes` secret (memcheck: undefined).
pub fn secret(bytes: &[u8]) {
    // SAFETY: the pointer and length describe the live borrow `bytes`; the
    // request changes valgrind's shadow state of that range only.
    unsafe { pqkit_ct_secret(bytes.as_ptr().cast(), bytes.len()) }
}

/// Marks `bytes` public (memcheck: defined): a declassification, which the
/// caller justifies where it calls this.
pub fn public(bytes: &[u8]) {
    // SAFETY: as in `secret`.
    unsafe { pqkit_ct_public(bytes.as_ptr().cast(), bytes.len()) }
}

/// [`public`] for any plain value (its bytes).
pub fn public_val<T: Copy>(v: &T) {
    // SAFETY: `v` is a live borrow of `size_of::<T>()` bytes.
    unsafe { pqkit_ct_public((v as *const T).cast(), size_of::<T>()) }
}

/// The number of errors valgrind has reported so far in this process.
pub fn errors() -> u64 {
    // SAFETY: VALGRIND_COUNT_ERRORS takes no arguments and touches no memory.
    // c_ulong is 32 bits on some targets.
    #[allow(clippy::useless_conversion)]
    u64::from(unsafe { pqkit_ct_error_count() })
}
