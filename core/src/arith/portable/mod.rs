//! The portable, constant-time reference backend.

mod dsa;
mod kem;

/// The portable backend: plain Rust on every target.
#[derive(Debug, Clone, Copy, Default)]
pub struct Portable;

/// Declares `secret` public: the one place where pqkit branches on a value
/// computed from secrets, for the decisions FIPS 203 and FIPS 204 allow to be
/// seen (each caller says why).
///
/// At run time this is `secret` itself. The branch is written out on
/// purpose and kept out of line, so that the constant-time check (`cargo
/// xtask ct`, valgrind memcheck) sees exactly one conditional jump here, in a
/// function it can name, instead of wherever the caller's `if` ends up.
#[inline(never)]
pub(crate) fn declassify(secret: bool) -> bool {
    if secret {
        core::hint::black_box(true)
    } else {
        core::hint::black_box(false)
    }
}
