//! [`DsaArith`] for [`Simd128`]: ML-DSA's ring arithmetic on 4 x i32 lanes.
//!
//! Coefficient `i` of a polynomial is lane `i % 4` of vector `i / 4`; the
//! NTT keeps the portable backend's bit-reversed order, so polynomials move
//! freely between the two backends. The file split follows the portable
//! backend:
//!
//! - [`arith`]: the Montgomery multiplication and the element-wise
//!   operations (addition, reductions, the shift by `d`), plus the vector
//!   accessors every other file uses;
//! - [`ntt`]: the transform and the pointwise products (FIPS 204,
//!   Algorithms 41, 42, 45);
//! - [`rounding`]: Power2Round, Decompose, the hints and the norm check
//!   (section 7.4, Algorithms 35-40);
//! - [`pack`]: bit packing (section 7.1, Algorithms 16-19) and the
//!   samplers' rejection steps (Algorithms 14, 15, 30, 31).
//!
//! Every function computes exactly what the portable backend computes (the
//! same `i32` values, bytes, booleans and counts); the unit tests in
//! `tests/` compare the two operation by operation.
//!
//! Parameters outside the trait contract (an unknown bit width, `gamma2` or
//! `eta`, a slice of the wrong length) are handed to the portable backend,
//! so they behave exactly as they do there.

use super::Simd128;
use super::sample_x2::X2;
use crate::arith::dsa::{DsaArith, Poly};
use crate::arith::sample_lanes::{KeccakLanes, dsa as lanes};

mod arith;
mod ntt;
mod pack;
mod rounding;
#[cfg(test)]
mod tests;

impl DsaArith for Simd128 {
    // Two SHAKE lanes per permutation (arith/simd128/keccak.rs).
    const SAMPLE_LANES: usize = <X2 as KeccakLanes>::WIDTH;

    fn sample_uniform(rho: &[u8; 32], idx: &[[u8; 2]], out: &mut [Poly]) {
        lanes::sample_uniform::<Self, X2>(rho, idx, out);
    }

    fn sample_bounded(eta: i32, rho_prime: &[u8; 64], idx: &[[u8; 2]], out: &mut [Poly]) {
        lanes::sample_bounded::<Self, X2>(eta, rho_prime, idx, out);
    }

    fn sample_mask(gamma1: i32, bits: u32, rho_pp: &[u8; 64], idx: &[[u8; 2]], out: &mut [Poly]) {
        lanes::sample_mask::<Self, X2>(gamma1, bits, rho_pp, idx, out);
    }

    fn ntt(p: &mut Poly) {
        ntt::ntt(p);
    }

    fn inv_ntt(p: &mut Poly) {
        ntt::inv_ntt(p);
    }

    fn pointwise(out: &mut Poly, a: &Poly, b: &Poly) {
        ntt::pointwise(out, a, b);
    }

    fn pointwise_acc(acc: &mut Poly, a: &Poly, b: &Poly) {
        ntt::pointwise_acc(acc, a, b);
    }

    fn add(acc: &mut Poly, b: &Poly) {
        arith::add(acc, b);
    }

    fn sub(acc: &mut Poly, b: &Poly) {
        arith::sub(acc, b);
    }

    fn reduce(p: &mut Poly) {
        arith::reduce(p);
    }

    fn freeze(p: &mut Poly) {
        arith::freeze(p);
    }

    fn shift_left_d(p: &mut Poly) {
        arith::shift_left_d(p);
    }

    fn power2round(t: &Poly, t1: &mut Poly, t0: &mut Poly) {
        rounding::power2round(t, t1, t0);
    }

    fn decompose(gamma2: i32, a: &Poly, a1: &mut Poly, a0: &mut Poly) {
        rounding::decompose(gamma2, a, a1, a0);
    }

    fn high_bits(gamma2: i32, a: &mut Poly) {
        rounding::high_bits(gamma2, a);
    }

    fn make_hint(gamma2: i32, z: &Poly, r: &Poly, h: &mut Poly) -> u32 {
        rounding::make_hint(gamma2, z, r, h)
    }

    fn use_hint(gamma2: i32, a: &mut Poly, h: &Poly) {
        rounding::use_hint(gamma2, a, h);
    }

    fn exceeds_norm(p: &Poly, bound: i32) -> bool {
        rounding::exceeds_norm(p, bound)
    }

    fn pack_simple(p: &Poly, bits: u32, out: &mut [u8]) {
        pack::pack_simple(p, bits, out);
    }

    fn unpack_simple(bytes: &[u8], bits: u32, out: &mut Poly) {
        pack::unpack_simple(bytes, bits, out);
    }

    fn pack_offset(p: &Poly, b: i32, bits: u32, out: &mut [u8]) {
        pack::pack_offset(p, b, bits, out);
    }

    fn unpack_offset(bytes: &[u8], b: i32, bits: u32, out: &mut Poly) {
        pack::unpack_offset(bytes, b, bits, out);
    }

    fn rej_uniform(bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
        pack::rej_uniform(bytes, out, filled)
    }

    fn rej_eta(eta: i32, bytes: &[u8], out: &mut Poly, filled: usize) -> usize {
        pack::rej_eta(eta, bytes, out, filled)
    }
}
