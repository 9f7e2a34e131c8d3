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

/// The AVX2 backend (crate-private: see the module documentation).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Avx2;

cpufeatures::new!(cpuid_avx2, "avx2");

/// Whether this CPU runs AVX2 (cached after the first call; a build with
/// `target-feature=+avx2` answers at compile time).
pub(crate) fn available() -> bool {
    cpuid_avx2::get()
}
