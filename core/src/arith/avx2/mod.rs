//! The AVX2 backend for x86-64: 16 x i16 (ML-KEM) and 8 x i32 (ML-DSA) lanes
//! in `__m256i`.
//!
//! Every function that uses AVX2 instructions is a `#[target_feature(enable =
//! "avx2")]` function; the trait implementations call them in `unsafe`
//! blocks whose justification is always the same: [`Avx2`] is crate-private
//! and only reached through [`crate::arith::selected_backend`], which picks it
//! only after [`available`] said the CPU has AVX2.
#![allow(unsafe_code)]

mod dsa;
pub(crate) mod keccak;
mod keccak1;
mod kem;
mod sample_x4;

pub(crate) use keccak1::keccak_f1600;

use core::arch::x86_64::{__m128i, _mm_loadu_si128};

/// The AVX2 backend (crate-private: see the module documentation).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Avx2;

cpufeatures::new!(cpuid_avx2, "avx2");

/// Whether this CPU runs AVX2 (cached after the first call; a build with
/// `target-feature=+avx2` answers at compile time).
pub(crate) fn available() -> bool {
    cpuid_avx2::get()
}

/// The number of set bits of each 8-bit accept mask, for the rejection
/// samplers' fill levels (a table rather than `count_ones`, which without
/// the `popcnt` feature is a long sequence on the loop's critical path).
static COUNT: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut m = 0;
    while m < 256 {
        t[m] = (m as u8).count_ones() as u8;
        m += 1;
    }
    t
};

/// Loads 16 bytes from the start of `b`.
#[target_feature(enable = "avx2")]
#[inline]
fn load16(b: &[u8]) -> __m128i {
    let b = &b[..16];
    // SAFETY: AVX2 is enabled on this function; `b` is 16 readable bytes
    // (the slice above is bounds-checked); unaligned load.
    unsafe { _mm_loadu_si128(b.as_ptr().cast()) }
}
