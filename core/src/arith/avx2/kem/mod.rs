//! [`KemArith`] for [`Avx2`].
//!
//! The file split follows the portable backend: [`reduce`] holds the
//! modular reductions (and the element-wise operations), [`ntt`] the
//! transform and base-case multiplication, [`encode`] compression and byte
//! encoding, [`sample`] the samplers. Every function there is a
//! `#[target_feature(enable = "avx2")]` function computing exactly what the
//! portable backend computes (same coefficient order, same canonical
//! values); the unit tests in `tests.rs` compare the two operation by
//! operation.
//!
//! Each trait method below makes the one `unsafe` call into that code. The
//! justification is always the same: [`Avx2`] is crate-private and only
//! reached through [`crate::arith::selected_backend`] (or the
//! `force_backend` switch, which checks availability too), which picks it
//! only after [`super::available`] said the CPU has AVX2; the debug
//! assertion re-checks that in test builds.
//!
//! Parameters outside the trait contract (an unknown `d` or `eta`, a slice
//! of the wrong length) are handed to the portable backend, so they behave
//! exactly as they do there.

use super::Avx2;
use super::sample_x4::X4;
use crate::arith::kem::{KemArith, Poly};
use crate::arith::portable::Portable;
use crate::arith::sample_lanes::{self, KeccakLanes};

mod encode;
mod ntt;
mod reduce;
mod sample;
#[cfg(test)]
mod tests;

#[inline(always)]
fn check() {
    debug_assert!(super::available(), "AVX2 backend used without AVX2");
}

impl KemArith for Avx2 {
    // Four SHAKE lanes per permutation (arith/avx2/keccak.rs).
    const SAMPLE_LANES: usize = <X4 as KeccakLanes>::WIDTH;

    fn sample_ntt(rho: &[u8], idx: &[[u8; 2]], out: &mut [Poly]) {
        check();
        sample_lanes::sample_ntt::<Self, X4>(rho, idx, out);
    }

    fn sample_noise(eta: u32, seed: &[u8], nonce: u8, out: &mut [Poly]) {
        check();
        sample_lanes::sample_noise::<Self, X4>(eta, seed, nonce, out);
    }

    fn ntt(p: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { ntt::ntt(p) }
    }

    fn inv_ntt(p: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { ntt::inv_ntt(p) }
    }

    fn basemul_acc(acc: &mut Poly, a: &Poly, b: &Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { ntt::basemul_acc(acc, a, b) }
    }

    fn add(acc: &mut Poly, b: &Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { reduce::add(acc, b) }
    }

    fn sub_from(acc: &mut Poly, b: &Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { reduce::sub_from(acc, b) }
    }

    fn reduce(p: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { reduce::reduce(p) }
    }

    fn to_mont(p: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { reduce::to_mont(p) }
    }

    fn compress_encode(d: u32, p: &Poly, out: &mut [u8]) {
        check();
        if out.len() != 32 * d as usize {
            return Portable::compress_encode(d, p, out);
        }
        // SAFETY: AVX2 is available (see the module documentation); the
        // output length was checked above.
        unsafe {
            match d {
                1 => encode::compress_encode1(p, out),
                4 => encode::compress_encode::<4>(p, out),
                5 => encode::compress_encode::<5>(p, out),
                10 => encode::compress_encode::<10>(p, out),
                11 => encode::compress_encode::<11>(p, out),
                _ => Portable::compress_encode(d, p, out),
            }
        }
    }

    fn decode_decompress(d: u32, bytes: &[u8], out: &mut Poly) {
        check();
        if bytes.len() != 32 * d as usize {
            return Portable::decode_decompress(d, bytes, out);
        }
        // SAFETY: AVX2 is available (see the module documentation); the
        // input length was checked above.
        unsafe {
            match d {
                1 => encode::decode_decompress1(bytes, out),
                4 => encode::decode_decompress::<4>(bytes, out),
                5 => encode::decode_decompress::<5>(bytes, out),
                10 => encode::decode_decompress::<10>(bytes, out),
                11 => encode::decode_decompress::<11>(bytes, out),
                _ => Portable::decode_decompress(d, bytes, out),
            }
        }
    }

    fn encode12(p: &Poly, out: &mut [u8]) {
        check();
        if out.len() != 384 {
            return Portable::encode12(p, out);
        }
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { encode::encode12(p, out) }
    }

    fn decode12(bytes: &[u8], out: &mut Poly) -> bool {
        check();
        if bytes.len() != 384 {
            return Portable::decode12(bytes, out);
        }
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { encode::decode12(bytes, out) }
    }

    fn rej_sample(bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
        check();
        // SAFETY: AVX2 is available (see the module documentation).
        unsafe { sample::rej_sample(bytes, out, filled) }
    }

    fn sample_cbd(eta: u32, bytes: &[u8], out: &mut Poly) {
        check();
        // SAFETY: AVX2 is available (see the module documentation); the
        // input lengths are checked here.
        unsafe {
            match (eta, bytes.len()) {
                (2, 128) => sample::cbd2(bytes, out),
                (3, 192) => sample::cbd3(bytes, out),
                _ => Portable::sample_cbd(eta, bytes, out),
            }
        }
    }
}
