//! [`KemArith`] for [`Portable`]: plain Rust, constant time, no tables
//! indexed by secrets.
//!
//! The file split follows FIPS 203: [`reduce`] holds the modular reductions,
//! [`ntt`] the number-theoretic transform and base-case multiplication
//! (section 4.3), [`encode`] compression and byte encoding (section 4.2.1,
//! Algorithms 5 and 6), [`sample`] the samplers (section 4.2.2).

use super::Portable;
use crate::arith::kem::{KemArith, Poly};

mod encode;
mod ntt;
mod reduce;
mod sample;

impl KemArith for Portable {
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
        for (x, y) in acc.0.iter_mut().zip(b.0.iter()) {
            *x = x.wrapping_add(*y);
        }
    }

    fn sub_from(acc: &mut Poly, b: &Poly) {
        for (x, y) in acc.0.iter_mut().zip(b.0.iter()) {
            *x = y.wrapping_sub(*x);
        }
    }

    fn reduce(p: &mut Poly) {
        for x in p.0.iter_mut() {
            *x = reduce::barrett(i32::from(*x));
        }
    }

    fn to_mont(p: &mut Poly) {
        for x in p.0.iter_mut() {
            *x = reduce::fqmul(*x, reduce::R2_MOD_Q);
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
        sample::rej_sample(bytes, &mut out.0, filled)
    }

    fn sample_cbd(eta: u32, bytes: &[u8], out: &mut Poly) {
        sample::cbd(eta, bytes, &mut out.0);
    }

    fn basemul_acc_packed(acc: &mut Poly, a: &Poly, b: &[u8]) {
        ntt::basemul_acc_packed(&mut acc.0, &a.0, b);
    }

    fn sample_ntt_mul_acc(rho: &[u8], idx: [u8; 2], b: &[u8], acc: &mut Poly) {
        sample::sample_ntt_mul_acc(rho, &idx, b, &mut acc.0);
    }

    fn add_noise(eta: u32, seed: &[u8], nonce: u8, acc: &mut Poly) {
        sample::add_noise(eta, seed, nonce, &mut acc.0);
    }
}
