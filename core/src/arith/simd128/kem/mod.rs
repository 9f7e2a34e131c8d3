//! [`KemArith`] for [`Simd128`]: ML-KEM's ring arithmetic on 8 x i16 lanes.
//!
//! - [`arith`]: the lane-wise reductions (Barrett, Montgomery, and the
//!   multiplication by a constant through `i16x8_q15mulr_sat`).
//! - [`ntt`]: the forward and inverse NTT and the base-case products
//!   (FIPS 203 section 4.3).
//! - [`encode`]: compression and byte encoding (section 4.2.1, Algorithms 5
//!   and 6).
//! - [`sample`]: the rejection step of SampleNTT and SamplePolyCBD (section
//!   4.2.2); the samplers run them on the 2-way Keccak
//!   (`super::sample_x2`).
//!
//! Every function here agrees with [`crate::arith::portable::Portable`]
//! (exactly, or modulo q within the trait's ranges); the unit tests in
//! [`tests`] compare the two operation by operation.

use super::sample_x2::X2;
use super::{Simd128, load_i16, store_i16};
use crate::arith::kem::{KemArith, N, Poly};
use crate::arith::sample_lanes::{self, KeccakLanes};
use core::arch::wasm32::{i16x8_add, i16x8_sub};

mod arith;
mod encode;
mod ntt;
mod sample;
#[cfg(test)]
mod tests;

/// Vectors of 8 coefficients in a polynomial.
const VECS: usize = N / 8;

impl KemArith for Simd128 {
    // Two SHAKE lanes per permutation (arith/simd128/keccak.rs).
    const SAMPLE_LANES: usize = <X2 as KeccakLanes>::WIDTH;

    fn sample_ntt(rho: &[u8], idx: &[[u8; 2]], out: &mut [Poly]) {
        sample_lanes::sample_ntt::<Self, X2>(rho, idx, out);
    }

    fn sample_noise(eta: u32, seed: &[u8], nonce: u8, out: &mut [Poly]) {
        sample_lanes::sample_noise::<Self, X2>(eta, seed, nonce, out);
    }

    fn ntt(p: &mut Poly) {
        ntt::ntt(&mut p.0);
    }

    fn inv_ntt(p: &mut Poly) {
        ntt::inv_ntt(&mut p.0);
    }

    fn basemul_acc(acc: &mut Poly, a: &Poly, b: &Poly) {
        ntt::basemul_acc(&mut acc.0, &a.0, &b.0);
    }

    fn add(acc: &mut Poly, b: &Poly) {
        for (x, y) in acc.0.chunks_exact_mut(8).zip(b.0.chunks_exact(8)) {
            let s = i16x8_add(load_i16(x), load_i16(y));
            store_i16(x, s);
        }
    }

    fn sub_from(acc: &mut Poly, b: &Poly) {
        for (x, y) in acc.0.chunks_exact_mut(8).zip(b.0.chunks_exact(8)) {
            let d = i16x8_sub(load_i16(y), load_i16(x));
            store_i16(x, d);
        }
    }

    fn reduce(p: &mut Poly) {
        for x in p.0.chunks_exact_mut(8) {
            let r = arith::barrett(load_i16(x));
            store_i16(x, r);
        }
    }

    fn to_mont(p: &mut Poly) {
        for x in p.0.chunks_exact_mut(8) {
            let r = arith::barrett(arith::mul_const(load_i16(x), arith::R_MOD_Q));
            store_i16(x, r);
        }
    }

    fn compress_encode(d: u32, p: &Poly, out: &mut [u8]) {
        encode::compress_encode(d, &p.0, out);
    }

    fn decode_decompress(d: u32, bytes: &[u8], out: &mut Poly) {
        encode::decode_decompress(d, bytes, &mut out.0);
    }

    fn encode12(p: &Poly, out: &mut [u8]) {
        encode::encode12(&p.0, out);
    }

    fn decode12(bytes: &[u8], out: &mut Poly) -> bool {
        encode::decode12(bytes, &mut out.0)
    }

    fn rej_sample(bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
        let (filled, used) = sample::rej_sample(bytes, &mut out.0, filled);
        // The last candidates, fewer than a vector's worth, one at a time.
        crate::arith::portable::Portable::rej_sample(&bytes[used..], out, filled)
    }

    fn sample_cbd(eta: u32, bytes: &[u8], out: &mut Poly) {
        sample::cbd(eta, bytes, &mut out.0);
    }
}
