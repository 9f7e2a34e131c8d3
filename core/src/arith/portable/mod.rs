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

/// [`declassify`] for the accept mask of a SIMD rejection step (bit `i`
/// for lane `i`), which FIPS 204 (section 3.6.2) lets be public for
/// RejBoundedPoly: the rejected half-bytes are discarded and the accepted
/// ones are uniform whatever the pattern. One branch per bit, out of line,
/// so the check sees them here and nowhere else; the caller may then index
/// its compaction tables with the result.
#[cfg(target_arch = "x86_64")]
#[inline(never)]
pub(crate) fn declassify_mask(secret: u16) -> u16 {
    let mut public = 0;
    for bit in 0..16 {
        if (secret >> bit) & 1 == 1 {
            public |= core::hint::black_box(1u16 << bit);
        }
    }
    public
}
