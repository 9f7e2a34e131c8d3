//! K-PKE's samplers four polynomials at a time: the 4-way Keccak of
//! [`super::keccak`] feeding the AVX2 rejection and CBD steps.
//!
//! A group of fewer than four polynomials fills the unused Keccak lanes with
//! copies of its last input and discards their output: one 4-way permutation
//! costs less than two single ones, so padding beats falling back, except
//! for a lone polynomial, which takes the single-lane sponge.

use super::Avx2;
use super::keccak::{Shake128x4, shake256_x4};
use crate::arith::kem::{KemArith, N, Poly, SHAKE128_BLOCK};
use crate::hash::{Shake128Reader, Xof, shake256};
use zeroize::Zeroize;

/// Lanes of the 4-way Keccak.
pub(super) const LANES: usize = 4;

/// [`KemArith::sample_ntt`]: `out[i] = SampleNTT(rho || idx[i])` (FIPS 203,
/// Algorithm 7). `rho` and the indices are public, so the loop may stop as
/// soon as every polynomial is full.
pub(super) fn sample_ntt(rho: &[u8], idx: &[[u8; 2]], out: &mut [Poly]) {
    for (ids, polys) in idx.chunks(LANES).zip(out.chunks_mut(LANES)) {
        if let [ij] = ids {
            sample_ntt_one(rho, ij, &mut polys[0]);
            continue;
        }
        let mut seeds = [[0u8; 34]; LANES];
        for (lane, seed) in seeds.iter_mut().enumerate() {
            seed[..32].copy_from_slice(rho);
            seed[32..].copy_from_slice(&ids[lane.min(ids.len() - 1)]);
        }
        let mut xof = Shake128x4::absorb([&seeds[0], &seeds[1], &seeds[2], &seeds[3]]);
        let mut blocks = [[0u8; SHAKE128_BLOCK]; LANES];
        let mut filled = [0usize; LANES];
        while filled[..polys.len()].iter().any(|&f| f < N) {
            let [b0, b1, b2, b3] = &mut blocks;
            xof.squeeze_block([b0, b1, b2, b3]);
            for ((p, f), block) in polys.iter_mut().zip(filled.iter_mut()).zip(&blocks) {
                if *f < N {
                    *f = Avx2::rej_sample(block, p, *f);
                }
            }
        }
    }
}

fn sample_ntt_one(rho: &[u8], ij: &[u8; 2], out: &mut Poly) {
    let mut xof = Shake128Reader::new(&[rho, ij]);
    let mut block = [0u8; SHAKE128_BLOCK];
    let mut filled = 0;
    while filled < N {
        xof.squeeze(&mut block);
        filled = Avx2::rej_sample(&block, out, filled);
    }
}

/// [`KemArith::sample_noise`]: `out[i] = SamplePolyCBD_eta(PRF_eta(seed,
/// nonce + i))` (FIPS 203, Algorithm 8 and section 4.1's `PRF`).
pub(super) fn sample_noise(eta: u32, seed: &[u8], nonce: u8, out: &mut [Poly]) {
    // 64 * eta bytes per polynomial; eta is 2 or 3.
    let len = 64 * eta as usize;
    let mut prf = [[0u8; 192]; LANES];
    for (group, polys) in out.chunks_mut(LANES).enumerate() {
        let first = nonce.wrapping_add((group * LANES) as u8);
        if polys.len() == 1 {
            shake256(&[seed, &[first]], &mut prf[0][..len]);
        } else {
            let mut inputs = [[0u8; 33]; LANES];
            for (lane, input) in inputs.iter_mut().enumerate() {
                input[..32].copy_from_slice(seed);
                input[32] = first.wrapping_add(lane.min(polys.len() - 1) as u8);
            }
            let [p0, p1, p2, p3] = &mut prf;
            shake256_x4(
                [&inputs[0], &inputs[1], &inputs[2], &inputs[3]],
                [
                    &mut p0[..len],
                    &mut p1[..len],
                    &mut p2[..len],
                    &mut p3[..len],
                ],
            );
            inputs.zeroize();
        }
        for (p, bytes) in polys.iter_mut().zip(&prf) {
            Avx2::sample_cbd(eta, &bytes[..len], p);
        }
    }
    prf.zeroize();
}
